import { EntityManager } from 'typeorm';
import { PairSide, PairState, UserId, initialPairState, sideOf } from '@app/links';

/** Loads a pair's link facts (two `link_sides` rows); the projector locks them for its batch. */
export async function loadPair(db: EntityManager, a: UserId, b: UserId, lock: 'for update' | 'read' = 'read'): Promise<PairState> {
  const rows: LinkSideRow[] = await db.query(
    `SELECT owner_id, has_contact, phone_revealed, blocked FROM link_sides
     WHERE (owner_id, peer_id) IN (($1, $2), ($2, $1))${lock === 'for update' ? ' FOR UPDATE' : ''}`,
    [a, b],
  );
  return pairFromRows(rows, a, b);
}

export interface LinkSideRow {
  readonly owner_id: number;
  readonly peer_id?: number;
  readonly has_contact: boolean;
  readonly phone_revealed: boolean;
  readonly blocked: boolean;
}

/** Builds a pair's state from whichever of its `link_sides` rows are present in `rows`. */
export function pairFromRows(rows: readonly LinkSideRow[], a: UserId, b: UserId): PairState {
  const state = initialPairState(a, b);
  const side = (owner: UserId, peer: UserId): PairSide => {
    const row = rows.find((r) => r.owner_id === owner && (r.peer_id === undefined || r.peer_id === peer));
    return row ? { hasContact: row.has_contact, phoneRevealed: row.phone_revealed, blocked: row.blocked } : sideOf(state, owner);
  };
  return { ...state, lowSide: side(state.low, state.high), highSide: side(state.high, state.low) };
}

/** One `link_sides` row as an event leaves it. */
export interface LinkSideRecord {
  readonly owner_id: UserId;
  readonly peer_id: UserId;
  readonly has_contact: boolean;
  readonly phone_revealed: boolean;
  readonly blocked: boolean;
  /** The event that first revealed owner's phone to peer; null until a reveal. */
  readonly revealed_by: string | null;
  /** The last event that changed this side. */
  readonly updated_by: string;
}

/**
 * The rows an event writes: only the sides whose facts changed, `revealed_by` set only by the event
 * that newly reveals. Pure, so the projector (savePair) and the operator's replay share it.
 */
export function sideWrites(before: PairState, after: PairState, eventId: string): LinkSideRecord[] {
  const writes: LinkSideRecord[] = [];
  for (const [owner, peer] of [
    [after.low, after.high],
    [after.high, after.low],
  ]) {
    const was = sideOf(before, owner);
    const now = sideOf(after, owner);
    if (was.hasContact === now.hasContact && was.phoneRevealed === now.phoneRevealed && was.blocked === now.blocked) continue;
    const newlyRevealed = now.phoneRevealed && !was.phoneRevealed;
    writes.push({
      owner_id: owner,
      peer_id: peer,
      has_contact: now.hasContact,
      phone_revealed: now.phoneRevealed,
      blocked: now.blocked,
      revealed_by: newlyRevealed ? eventId : null,
      updated_by: eventId,
    });
  }
  return writes;
}

/** savePair's upsert, in memory: a later write never clears the first reveal's event. */
export function mergeSideWrite(previous: LinkSideRecord | undefined, write: LinkSideRecord): LinkSideRecord {
  return { ...write, revealed_by: write.revealed_by ?? previous?.revealed_by ?? null };
}

/** Writes the sides that changed; `revealed_by` keeps the event that first revealed a phone. */
export async function savePair(db: EntityManager, before: PairState, after: PairState, eventId: string): Promise<void> {
  for (const side of sideWrites(before, after, eventId)) {
    await db.query(
      `INSERT INTO link_sides (owner_id, peer_id, has_contact, phone_revealed, blocked, revealed_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (owner_id, peer_id) DO UPDATE SET has_contact = $3, phone_revealed = $4, blocked = $5,
         revealed_by = COALESCE($6, link_sides.revealed_by), updated_by = $7`,
      [side.owner_id, side.peer_id, side.has_contact, side.phone_revealed, side.blocked, side.revealed_by, side.updated_by],
    );
  }
}
