import { DataSource } from 'typeorm';
import { LogRecord, SubscribeOptions } from '../event-log';

/** Most records handed to a handler at once. */
const BATCH_LIMIT = 500;
/** Re-reads at this interval when no in-process append woke it (e.g. another process appended). */
const POLL_MS = 500;
/** Wait before a failed batch comes again. */
const RETRY_MS = 1_000;

interface Row {
  position: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  head: string;
}

/**
 * One consumer group's reader of one topic: reads from the group's committed position, hands the
 * records to the handler, and commits past them only when the handler resolved (at-least-once).
 */
export class TablePoller {
  private running = true;
  private wake: () => void = () => undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: SubscribeOptions,
    private readonly onError: (error: unknown) => void,
  ) {
    this.done = this.loop();
  }

  /** An append to the topic committed in this process: read now instead of at the next poll. */
  notify(): void {
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
  }

  private async loop(): Promise<void> {
    let position: bigint | undefined;
    while (this.running) {
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      try {
        position ??= await this.committed();
        const rows = await this.fetch(position);
        if (rows.length === 0) {
          await this.idle(woken, POLL_MS);
          continue;
        }
        const records: LogRecord[] = rows.map((r) => ({
          partition: 0,
          offset: BigInt(r.position),
          key: r.key,
          value: r.value,
          headers: r.headers,
        }));
        const next = records[records.length - 1].offset + 1n;
        await this.options.onBatch({ topic: this.options.topic, partition: 0, records, lag: Number(BigInt(rows[0].head) - next) });
        await this.commit(next);
        position = next;
      } catch (error) {
        this.onError(error);
        position = undefined; // re-read the committed position: the batch comes again
        await this.idle(woken, RETRY_MS);
      }
    }
  }

  private async idle(woken: Promise<void>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([woken, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private async committed(): Promise<bigint> {
    const rows: { position: string }[] = await this.dataSource.query(
      `SELECT position FROM event_log_offsets WHERE consumer_group = $1 AND topic = $2`,
      [this.options.group, this.options.topic],
    );
    return rows.length > 0 ? BigInt(rows[0].position) : 0n;
  }

  private fetch(from: bigint): Promise<Row[]> {
    return this.dataSource.query(
      `SELECT position, key, value, headers, (SELECT next_position FROM event_log_heads WHERE topic = $1) AS head
       FROM event_log WHERE topic = $1 AND position >= $2 ORDER BY position LIMIT $3`,
      [this.options.topic, from.toString(), BATCH_LIMIT],
    );
  }

  private async commit(next: bigint): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO event_log_offsets (consumer_group, topic, position) VALUES ($1, $2, $3)
       ON CONFLICT (consumer_group, topic) DO UPDATE SET position = GREATEST(event_log_offsets.position, excluded.position), committed_at = now()`,
      [this.options.group, this.options.topic, next.toString()],
    );
  }
}
