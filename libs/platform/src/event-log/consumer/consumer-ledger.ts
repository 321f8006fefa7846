import { EntityManager } from 'typeorm';
import { pruneRows } from '../../database/prune-rows';
import { Sql } from '../../database/sql';
import { TableShape } from '../../stores/table-shape';
import { LogRecord } from '../event-log';

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
   * Locks the partition's position and records the ids of `candidates` at or past it; returns the
   * position and the ids that were new. Candidates below the position, or already in the ledger,
   * were applied before.
   */
  async claim(
    db: EntityManager,
    topic: string,
    partition: number,
    candidates: readonly { readonly eventId: string; readonly offset: bigint }[],
  ): Promise<{ position: bigint; fresh: Set<string> }> {
    const [row]: { position: string; fresh: string[] }[] = await db.query(
      `WITH pos AS (
         INSERT INTO consumer_positions AS p (consumer, topic, partition, next_offset) VALUES ($1, $2, $3, 0)
         ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = p.next_offset
         RETURNING next_offset),
       fresh AS (
         INSERT INTO processed_events (consumer, event_id)
         SELECT $1, e.id FROM unnest($4::uuid[], $5::bigint[]) AS e(id, off), pos WHERE e.off >= pos.next_offset
         ON CONFLICT DO NOTHING RETURNING event_id)
       SELECT (SELECT next_offset FROM pos)::text AS position, coalesce((SELECT array_agg(event_id) FROM fresh), '{}') AS fresh`,
      [this.consumer, topic, partition, candidates.map((c) => c.eventId), candidates.map((c) => c.offset.toString())],
    );
    return { position: BigInt(row.position), fresh: new Set(row.fresh) };
  }

  /** Whether this consumer has applied the event (its id is in the ledger, for LEDGER_RETENTION_MS). */
  async has(db: Sql, eventId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [
      this.consumer,
      eventId,
    ]);
    return rows.length > 0;
  }

  /** Moves the partition's position past `end` (never back). */
  async advance(db: EntityManager, topic: string, partition: number, end: bigint): Promise<void> {
    await db.query(
      `UPDATE consumer_positions SET next_offset = GREATEST(next_offset, $4) WHERE consumer = $1 AND topic = $2 AND partition = $3`,
      [this.consumer, topic, partition, end.toString()],
    );
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

/** The first offset after a run of records. */
export const endOf = (records: readonly LogRecord[]): bigint => records[records.length - 1].offset + 1n;
