import { Client } from 'pg';
import { PartitionSpan, TableShape } from '@app/platform';
import { PROJECTOR } from '../ops-context';
import { TABLE_SHAPES } from './table-shapes';

export class PromoteRefused extends Error {}

export interface PromoteSummary {
  readonly changes: { table: string; deleted: number; written: number; liveOnlyKept: number }[];
  readonly ledgerAdded: number;
}

/**
 * Makes live equal to the shadow in ONE transaction, in place: rows are deleted, inserted or
 * updated only where they differ, so table identities, indexes, grants and the sessions → users
 * foreign key stay, and readers see either the old or the new projection, never a mix.
 *
 * Writers are held off with EXCLUSIVE locks (plain reads go on). `stillSafe` then re-checks, under
 * those locks, that the projector is stopped at the position the replay stopped at: a projector
 * started meanwhile blocks on the locks and resumes on the promoted tables.
 *
 * Ledger: afterwards the projector's `processed_events` holds exactly the events folded into the
 * shadow. An event the live ledger has but the replay did not fold (applied past the committed
 * offset, i.e. a projector that crashed instead of stopping) makes the promote refuse: the
 * projector would skip it on resume while the promoted tables lack it.
 */
export async function promoteShadow(
  db: Client,
  schema: string,
  stillSafe: () => Promise<void>,
  replayed: { topic: string; spans: readonly PartitionSpan[] },
): Promise<PromoteSummary> {
  await db.query('BEGIN');
  try {
    await db.query(`SET LOCAL lock_timeout = '15s'`);
    await db.query(
      `LOCK TABLE public.link_sides, public.chats, public.users, public.contact_names, public.pending_contacts, public.processed_events, public.consumer_positions IN EXCLUSIVE MODE`,
    );
    await stillSafe();
    await refuseIfLedgerAhead(db, schema);
    await refuseIfPositionsAhead(db, replayed);
    const changes = [];
    for (const shape of TABLE_SHAPES) changes.push(await replaceRows(db, schema, shape));
    const ledger = await db.query(
      `INSERT INTO public.processed_events (consumer, event_id) SELECT consumer, event_id FROM ${schema}.processed_events ON CONFLICT DO NOTHING`,
    );
    // The projector resumes exactly after what was replayed.
    await db.query(
      `INSERT INTO public.consumer_positions (consumer, topic, partition, next_offset) SELECT $1, $2, * FROM unnest($3::int[], $4::bigint[])
       ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset`,
      [PROJECTOR, replayed.topic, replayed.spans.map((s) => s.partition), replayed.spans.map((s) => s.end.toString())],
    );
    await db.query('COMMIT');
    return { changes, ledgerAdded: ledger.rowCount ?? 0 };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function refuseIfLedgerAhead(db: Client, schema: string): Promise<void> {
  const [{ ahead }] = (
    await db.query(
      `SELECT count(*)::int AS ahead FROM public.processed_events p
       WHERE p.consumer = $1 AND NOT EXISTS (SELECT 1 FROM ${schema}.processed_events s WHERE s.consumer = p.consumer AND s.event_id = p.event_id)`,
      [PROJECTOR],
    )
  ).rows;
  if (ahead > 0) {
    throw new PromoteRefused(
      `the projector's ledger has ${ahead} event(s) past its committed offsets (it did not stop cleanly); ` +
        `start it until its lag is 0, stop it gracefully, then replay and promote again`,
    );
  }
}

/** A position past the replayed offsets: the projector applied events the shadow lacks (it did not stop cleanly). */
async function refuseIfPositionsAhead(db: Client, { topic, spans }: { topic: string; spans: readonly PartitionSpan[] }): Promise<void> {
  const live: { partition: number; next_offset: string }[] = (
    await db.query(`SELECT partition, next_offset FROM public.consumer_positions WHERE consumer = $1 AND topic = $2`, [PROJECTOR, topic])
  ).rows;
  const ahead = live.filter((row) => BigInt(row.next_offset) > (spans.find((s) => s.partition === row.partition)?.end ?? 0n));
  if (ahead.length > 0) {
    throw new PromoteRefused(
      `the projector applied past its committed offsets on partition(s) ${ahead.map((r) => r.partition).join(', ')} (it did not stop cleanly); ` +
        `start it until its lag is 0, stop it gracefully, then replay and promote again`,
    );
  }
}

async function replaceRows(db: Client, schema: string, { table, columns: all, key, compared, deleteLiveOnly }: TableShape) {
  const matches = key.map((k) => `s.${k} = l.${k}`).join(' AND ');
  const liveOnly = `FROM public.${table} l WHERE NOT EXISTS (SELECT 1 FROM ${schema}.${table} s WHERE ${matches})`;
  let deleted = 0;
  let liveOnlyKept = 0;
  if (deleteLiveOnly) deleted = (await db.query(`DELETE ${liveOnly}`)).rowCount ?? 0;
  else liveOnlyKept = (await db.query(`SELECT count(*)::int AS n ${liveOnly}`)).rows[0].n;
  // A new row takes the replay's creation time; an existing one keeps its own (it is not compared).
  const columns = [...key, ...compared, ...('created_at' in all ? ['created_at'] : [])];
  const set = compared.map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  const differs = `(${compared.map((c) => `l.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(', ')})`;
  const written = await db.query(
    `INSERT INTO public.${table} AS l (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${schema}.${table}
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set} WHERE ${differs}`,
  );
  return { table, deleted, written: written.rowCount ?? 0, liveOnlyKept };
}
