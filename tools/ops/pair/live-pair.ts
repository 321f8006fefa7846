import { Client } from 'pg';
import { PairState } from '@app/links';
import { LinkSideRow, pairFromRows } from '@app/platform';

export interface LivePair {
  readonly state: PairState;
  /** `link_sides.revealed_by` of subject → viewer: the event the projector recorded for the reveal. */
  readonly revealedBy: string | null;
}

/** The pair as the live projection (public.link_sides) has it. */
export async function loadLivePair(db: Client, viewer: number, subject: number): Promise<LivePair> {
  const rows: (LinkSideRow & { revealed_by: string | null })[] = (
    await db.query(
      `SELECT owner_id, peer_id, has_contact, phone_revealed, blocked, revealed_by FROM public.link_sides WHERE (owner_id, peer_id) IN (($1, $2), ($2, $1))`,
      [viewer, subject],
    )
  ).rows;
  return { state: pairFromRows(rows, viewer, subject), revealedBy: rows.find((r) => r.owner_id === subject)?.revealed_by ?? null };
}

/** The id the sender's box gave a message, from the gateway's record of the send (if it has one). */
export async function senderMessageId(db: Client, eventId: string): Promise<number | undefined> {
  type Stored = { id?: unknown; message?: { id?: unknown }; messages?: { id?: unknown }[] };
  const [row] = (await db.query(`SELECT result FROM sends WHERE event_id = $1`, [eventId])).rows as { result: Stored | null }[];
  const result = row?.result;
  const id = result?.id ?? result?.message?.id ?? result?.messages?.[0]?.id;
  return typeof id === 'number' ? id : undefined;
}
