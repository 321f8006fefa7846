import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, encodeEvent } from '@app/events';
import { EventLog } from './event-log';
import { OutgoingEvent, eventHeaders } from './event-publisher';
import { metrics } from '../metrics';

export interface OutboxRow {
  readonly id: string;
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly event_id: string;
  readonly headers: Record<string, string>;
  /** An earlier row with the same key was still unpublished when this one was written: it must go out first. */
  readonly behind?: boolean;
}

type StoredRow = Omit<OutboxRow, 'headers' | 'behind'>;

const withHeaders = (row: StoredRow): OutboxRow => ({ ...row, headers: eventHeaders(JSON.parse(row.value.toString()) as DomainEvent) });

/** Published rows deleted per prune; a sweep every 2 s keeps up with 5,000 rows/s. */
const PRUNE_ROWS = 10_000;

/** Age after which the sweeper takes over a row its writer did not publish (a crash window). */
const STUCK_AFTER_MS = 3_000;

/**
 * Events to emit, written in the same transaction as the state that caused them and published
 * after commit. A row published twice (crash between send and mark) is deduped downstream by id.
 * Published rows stay for a retention period (for diagnosis: when did it go out) and are then pruned.
 */
export class Outbox {
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: EventLog,
    private readonly source: string,
  ) {}

  /**
   * Only the ids come back from the database: the rows to publish are built from what was written.
   * Each row also says whether an earlier row with its key is still unpublished (a publish that
   * failed, or a writer that died before publishing): the partial index of unpublished rows makes
   * that check nearly free, and it is almost always false.
   */
  async insert(db: EntityManager, events: readonly OutgoingEvent[]): Promise<OutboxRow[]> {
    if (events.length === 0) return [];
    const values = events.map((e) => encodeEvent(e.event));
    const inserted: { id: string; event_id: string; behind: boolean }[] = await db.query(
      `WITH written AS (
         INSERT INTO outbox (source, topic, key, event_id, value)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::uuid[], $5::bytea[])
         RETURNING id, event_id, key)
       SELECT w.id, w.event_id, EXISTS (
         SELECT 1 FROM outbox o WHERE o.source = $1 AND o.published_at IS NULL AND o.id < w.id AND o.key = w.key) AS behind
       FROM written w`,
      [this.source, events.map((e) => e.topic), events.map((e) => e.key), events.map((e) => e.event.event_id), values],
    );
    const byEvent = new Map(inserted.map((row) => [row.event_id, row]));
    return events.map(({ topic, key, event }, i) => {
      const row = byEvent.get(event.event_id)!;
      return { id: row.id, topic, key, value: values[i], event_id: event.event_id, headers: eventHeaders(event), behind: row.behind };
    });
  }

  /**
   * Publishes rows and marks them published. Per-key order holds across failures: the earlier
   * unpublished rows with the keys of rows that are `behind` go out first, in id order (a repeat
   * of a row the sweeper also publishes is dropped by the consumers' ledgers).
   */
  async publishRows(rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const behind = [...new Set(rows.filter((r) => r.behind).map((r) => r.key))];
    const first = rows.reduce((min, r) => (BigInt(r.id) < min ? BigInt(r.id) : min), BigInt(rows[0].id));
    const earlier: StoredRow[] =
      behind.length === 0
        ? []
        : await this.dataSource.query(
            `SELECT id, topic, key, value, event_id FROM outbox
       WHERE source = $1 AND published_at IS NULL AND key = ANY($2::text[]) AND id < $3 ORDER BY id`,
            [this.source, behind, first.toString()],
          );
    const all = [...earlier.map(withHeaders), ...rows];
    try {
      await this.log.append(all.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    } catch (error) {
      metrics.outboxPublishFailures.inc({ source: this.source });
      throw error;
    }
    await this.dataSource.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [all.map((r) => r.id)]);
  }

  /** Publishes every row left unpublished (by a crash), oldest first, keeping per-key order. */
  async publishPending(): Promise<number> {
    const stored = await this.stuckRows(0);
    await this.publishRows(stored.map(withHeaders));
    return stored.length;
  }

  /** The oldest unpublished rows written more than `olderThanMs` ago (1,000 at most). */
  private stuckRows(olderThanMs = STUCK_AFTER_MS): Promise<StoredRow[]> {
    return this.dataSource.query(
      `SELECT id, topic, key, value, event_id FROM outbox
       WHERE source = $1 AND published_at IS NULL AND created_at < now() - make_interval(secs => $2::double precision / 1000)
       ORDER BY id LIMIT 1000`,
      [this.source, olderThanMs],
    );
  }

  /**
   * Deletes this source's oldest published rows once they are older than `retentionMs`, at most
   * `PRUNE_ROWS` per call. It walks the primary key from the start: ids grow with creation time, so
   * the oldest rows are the first ones and no scan of the whole table is needed.
   */
  async prune(retentionMs: number): Promise<number> {
    const [{ pruned }]: { pruned: number }[] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE source = $1 ORDER BY id LIMIT ${PRUNE_ROWS})
           AND published_at < now() - make_interval(secs => $2::double precision / 1000)
         RETURNING 1)
       SELECT count(*)::int AS pruned FROM gone`,
      [this.source, retentionMs],
    );
    return pruned;
  }

  /**
   * Every `sweepMs`: publishes what a failure or a crash left unpublished, prunes what is older than
   * the retention, and runs `also` (the owner's own housekeeping, e.g. pruning its ledger).
   */
  startSweeping({ sweepMs, retentionMs, also }: { sweepMs: number; retentionMs: number; also?: () => Promise<unknown> }): void {
    this.sweeper = setInterval(
      () =>
        void this.sweep(retentionMs)
          .then(also)
          .catch(() => undefined),
      sweepMs,
    );
    this.sweeper.unref();
  }

  private async sweep(retentionMs: number): Promise<void> {
    const stuck = await this.stuckRows();
    metrics.outboxUnpublished.set({ source: this.source }, stuck.length);
    await this.publishRows(stuck.map(withHeaders));
    await this.prune(retentionMs);
  }

  stopSweeping(): void {
    clearInterval(this.sweeper);
  }
}
