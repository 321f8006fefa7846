import { DataSource } from 'typeorm';
import { EventLog, OutgoingRecord, SubscribeOptions, Subscription, byTopic } from '../event-log';
import { pruneRows } from '../../database/prune-rows';
import { Sql } from '../../database/sql';
import { appendToTopic } from './table-appender';
import { TablePoller } from './table-poller';

/**
 * The event log as an append-only Postgres table (the embedded mode): one partition per topic,
 * positions and group offsets in the same database as the projections. Readers in this process
 * are woken by appends made here; others notice within a poll interval. Made for one process:
 * a group has one reader (nothing balances partitions between members).
 */
export class TableEventLog implements EventLog {
  readonly kind = 'table';
  private readonly pollers = new Set<TablePoller & { topic: string }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Topics need no creation: a topic exists once something is appended to it. */
  async ensureTopics(): Promise<void> {}

  async append(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const wake = await this.dataSource.transaction('READ COMMITTED', (db) => this.appendWithin(db, records));
    wake();
  }

  /** In the caller's transaction: the records commit (or roll back) with it. */
  async appendWithin(tx: Sql, records: readonly OutgoingRecord[]): Promise<() => void> {
    const topics = byTopic(records);
    // Heads locked in name order, so concurrent appends to several topics cannot deadlock.
    for (const topic of [...topics.keys()].sort()) await appendToTopic(tx, topic, topics.get(topic)!);
    return () => {
      for (const poller of this.pollers) if (topics.has(poller.topic)) poller.notify();
    };
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const poller = Object.assign(new TablePoller(this.dataSource, options, this.onError), { topic: options.topic });
    this.pollers.add(poller);
    return {
      stop: async () => {
        this.pollers.delete(poller);
        await poller.stop();
      },
    };
  }

  /**
   * Deletes records of a derived topic (LinkChanged) that every group reading it has committed
   * past and that are older than `retentionMs`: nothing reads them again (a replay reads the
   * events topic, which is kept, like the Kafka topics, as the source of truth).
   */
  prune(topic: string, retentionMs: number, limit = 10_000): Promise<number> {
    const literal = `'${topic.replace(/'/g, "''")}'`;
    return pruneRows(
      this.dataSource,
      'event_log',
      `topic = ${literal} AND position < coalesce((SELECT min(position) FROM event_log_offsets WHERE topic = ${literal}), 0)
       AND appended_at < now() - make_interval(secs => ${retentionMs / 1000})`,
      limit,
    );
  }

  async probe(): Promise<void> {
    await this.dataSource.query('SELECT 1 FROM event_log_heads LIMIT 1');
  }

  async close(): Promise<void> {
    await Promise.all([...this.pollers].map((p) => p.stop()));
    this.pollers.clear();
  }
}
