import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, encodeEvent } from '@app/events';
import { EventLog } from './event-log';
import { OutgoingEvent, eventHeaders } from './event-publisher';

export interface OutboxRow {
  readonly id: string;
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly event_id: string;
  readonly headers: Record<string, string>;
}

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

  /** Only the ids come back from the database: the rows to publish are built from what was written. */
  async insert(db: EntityManager, events: readonly OutgoingEvent[]): Promise<OutboxRow[]> {
    if (events.length === 0) return [];
    const values = events.map((e) => encodeEvent(e.event));
    const inserted: { id: string; event_id: string }[] = await db.query(
      `INSERT INTO outbox (source, topic, key, event_id, value)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::uuid[], $5::bytea[])
       RETURNING id, event_id`,
      [this.source, events.map((e) => e.topic), events.map((e) => e.key), events.map((e) => e.event.event_id), values],
    );
    const ids = new Map(inserted.map((row) => [row.event_id, row.id]));
    return events.map(({ topic, key, event }, i) => ({ id: ids.get(event.event_id)!, topic, key, value: values[i], event_id: event.event_id, headers: eventHeaders(event) }));
  }

  async publishRows(rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.log.append(rows.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    await this.dataSource.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
  }

  /** Publishes every row left unpublished (by a crash), oldest first, keeping per-key order. */
  async publishPending(olderThanMs = 0): Promise<number> {
    const stored: Omit<OutboxRow, 'headers'>[] = await this.dataSource.query(
      `SELECT id, topic, key, value, event_id FROM outbox
       WHERE source = $1 AND published_at IS NULL AND created_at < now() - make_interval(secs => $2::double precision / 1000)
       ORDER BY id LIMIT 1000`,
      [this.source, olderThanMs],
    );
    const rows = stored.map((row) => ({ ...row, headers: eventHeaders(JSON.parse(row.value.toString()) as DomainEvent) }));
    await this.publishRows(rows);
    return rows.length;
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

  /** Publishes what a crash left unpublished and prunes what is older than the retention, every `sweepMs`. */
  startSweeping({ sweepMs, retentionMs }: { sweepMs: number; retentionMs: number }): void {
    this.sweeper = setInterval(() => void this.sweep(retentionMs).catch(() => undefined), sweepMs);
    this.sweeper.unref();
  }

  private async sweep(retentionMs: number): Promise<void> {
    await this.publishPending(STUCK_AFTER_MS);
    await this.prune(retentionMs);
  }

  stopSweeping(): void {
    clearInterval(this.sweeper);
  }
}
