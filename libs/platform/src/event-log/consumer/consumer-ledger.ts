import { EntityManager } from 'typeorm';
import { pruneRows } from '../../database/prune-rows';
import { Sql } from '../../database/sql';
import { TableShape } from '../../stores/table-shape';

/** Two consumers created a partition's position at once (one replacing the other): the batch is tried again. */
export class PositionRaced extends Error {
  readonly retriable = true;

  constructor() {
    super('a partition position was created concurrently; trying the batch again');
  }
}

/** A consumer name (ours, never input) as an SQL literal. */
const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The consumers' ledger (`processed_events`) as ops replay rebuilds the projector's part of it. */
export const ledgerTable: TableShape = {
  table: 'processed_events',
  columns: { consumer: 'text', event_id: 'uuid' },
  key: ['consumer', 'event_id'],
  compared: [],
  deleteLiveOnly: false,
};

/**
 * A consumer's record of what it applied, written in the batch's transaction: its position per
 * partition (records below it were applied) and the ids of the events it applied (for repeats at
 * new offsets: an outbox row published twice, a send's events published again by a retry).
 */
export class ConsumerLedger {
  constructor(private readonly consumer: string) {}

  /**
   * Locks the positions of the partitions in `ends` (in partition order, so two claimers cannot
   * deadlock), moves each up to its end (the transaction's rollback moves it back) and records
   * the ids of `candidates` at or past their partition's position, in one statement; returns the
   * positions as they were and the ids that were new. Candidates below the position, or already
   * in the ledger, were applied before.
   */
  async claim(
    db: EntityManager,
    topic: string,
    ends: ReadonlyMap<number, bigint>,
    candidates: readonly { readonly eventId: string; readonly partition: number; readonly offset: bigint }[],
  ): Promise<{ positions: Map<number, bigint>; fresh: Set<string> }> {
    const partitions = [...ends.keys()].sort((a, b) => a - b);
    const [row]: { positions: { partition: number; next_offset: string }[] | null; fresh: string[] }[] = await db.query(
      `WITH created AS (
         INSERT INTO consumer_positions (consumer, topic, partition, next_offset)
         SELECT $1, $2, e.part, e.end_offset FROM unnest($3::int[], $4::bigint[]) AS e(part, end_offset) ORDER BY e.part
         ON CONFLICT (consumer, topic, partition) DO NOTHING RETURNING partition),
       before AS (
         SELECT partition, next_offset FROM consumer_positions
         WHERE consumer = $1 AND topic = $2 AND partition = ANY($3::int[]) ORDER BY partition FOR UPDATE),
       moved AS (
         UPDATE consumer_positions AS p SET next_offset = GREATEST(b.next_offset, e.end_offset)
         FROM before AS b JOIN unnest($3::int[], $4::bigint[]) AS e(part, end_offset) ON e.part = b.partition
         WHERE p.consumer = $1 AND p.topic = $2 AND p.partition = b.partition),
       positions AS (SELECT partition, next_offset FROM before UNION ALL SELECT partition, 0 FROM created),
       fresh AS (
         INSERT INTO processed_events (consumer, event_id)
         SELECT $1, c.id FROM unnest($5::uuid[], $6::int[], $7::bigint[]) AS c(id, part, off)
         JOIN positions ON positions.partition = c.part WHERE c.off >= positions.next_offset
         ON CONFLICT DO NOTHING RETURNING event_id)
       SELECT (SELECT json_agg(json_build_object('partition', partition, 'next_offset', next_offset::text)) FROM positions) AS positions,
              coalesce((SELECT array_agg(event_id) FROM fresh), '{}') AS fresh`,
      [
        this.consumer,
        topic,
        partitions,
        partitions.map((partition) => ends.get(partition)!.toString()),
        candidates.map((c) => c.eventId),
        candidates.map((c) => c.partition),
        candidates.map((c) => c.offset.toString()),
      ],
    );
    const positions = new Map((row.positions ?? []).map((p) => [p.partition, BigInt(p.next_offset)]));
    // A partition's first position row, created meanwhile by a consumer this one is replacing: neither part saw it.
    if (positions.size !== partitions.length) throw new PositionRaced();
    return { positions, fresh: new Set(row.fresh) };
  }

  /** Whether this consumer has applied the event (its id is in the ledger, for LEDGER_RETENTION_MS). */
  async has(db: Sql, eventId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [
      this.consumer,
      eventId,
    ]);
    return rows.length > 0;
  }

  /**
   * Deletes ledger rows older than `retentionMs`, at most `limit` per call (oldest first, found by the
   * BRIN index). Safe because positions cover every redelivery; an id only has to outlive the
   * repeats at new offsets, which come within seconds (outbox) or the send retention (retries).
   */
  prune(db: EntityManager, retentionMs: number, limit = 10_000): Promise<number> {
    return pruneRows(
      db,
      'processed_events',
      `consumer = ${quoted(this.consumer)} AND processed_at < now() - make_interval(secs => ${retentionMs / 1000})`,
      limit,
    );
  }
}
