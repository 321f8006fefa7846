import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, decodeEvent } from '@app/events';
import { AppConfig } from '../config';
import { EventLog, LogBatch, LogRecord, Subscription } from './event-log';
import { OutgoingEvent } from './event-publisher';
import { Outbox, OutboxRow } from './outbox';
import { isPoisonError } from '../database/error-kinds';
import { metrics } from '../metrics';
import { withTransientRetry } from '../database/transient-retry';

/** What a handler may do inside the batch's one database transaction. */
export interface BatchContext {
  readonly db: EntityManager;
  /** Queues an event for the outbox; it is published only after the transaction commits. */
  emit(event: OutgoingEvent): void;
}

export interface BatchHandler {
  /** Runs before the per-event handling, e.g. to lock rows in a fixed order. */
  prepare?(events: readonly DomainEvent[], ctx: BatchContext): Promise<void>;
  handle(event: DomainEvent, ctx: BatchContext): Promise<void>;
  /** Runs after the last event, still inside the transaction, e.g. to write what the batch folded. */
  complete?(ctx: BatchContext): Promise<void>;
}

export interface LedgerConsumerOptions {
  /** Ledger name; the consumer group is `<CONSUMER_GROUP_PREFIX>.<name>`. */
  readonly name: string;
  readonly topic: string;
  readonly handler: BatchHandler;
  readonly onDeadLetter?: (reason: string) => void;
}

/**
 * Consume → Postgres → emit with exactly-once effect: per batch, one transaction records each
 * event id in the ledger, applies the new ones and queues the outgoing events in the outbox; the
 * log position is committed only after that commit, and the outbox is published right after it.
 * A crash before the database commit redoes the batch; after it, the ledger skips the repeats.
 */
export class LedgerConsumer {
  private readonly outbox: Outbox;
  private subscription?: Subscription;

  constructor(
    private readonly log: EventLog,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly options: LedgerConsumerOptions,
  ) {
    this.outbox = new Outbox(dataSource, log, options.name);
  }

  async start(): Promise<void> {
    await this.outbox.publishPending();
    this.outbox.startSweeping({ sweepMs: this.config.outboxSweepMs, retentionMs: this.config.outboxRetentionMs });
    this.subscription = await this.log.subscribe({
      group: `${this.config.consumerGroupPrefix}.${this.options.name}`,
      topic: this.options.topic,
      concurrency: this.config.partitionsConsumedConcurrently,
      onBatch: (batch) => this.onBatch(batch),
    });
  }

  async stop(): Promise<void> {
    this.outbox.stopSweeping();
    await this.subscription?.stop();
  }

  private async onBatch(batch: LogBatch): Promise<void> {
    const good: DomainEvent[] = [];
    const bad: { record: LogRecord; reason: string }[] = [];
    for (const record of batch.records) {
      const decoded = decodeEvent(record.value);
      if (decoded.ok) good.push(decoded.event);
      else bad.push({ record, reason: decoded.reason });
    }
    const outgoing = await this.apply(batch.topic, good, batch.records);
    await this.outbox.publishRows(outgoing);
    // After the apply: a batch redone after a failed apply does not dead-letter its bad records twice.
    await this.deadLetter(batch.topic, bad);
    metrics.batchSize.observe({ consumer: this.options.name }, batch.records.length);
    metrics.consumerLag.set({ consumer: this.options.name, topic: batch.topic, partition: String(batch.partition) }, batch.lag);
  }

  /**
   * Applies the batch in one transaction. If an event's data makes its handler fail, the batch is
   * redone event by event and only the failing events go to the dead-letter topic: no crash loop.
   */
  private async apply(topic: string, events: DomainEvent[], records: readonly LogRecord[]): Promise<OutboxRow[]> {
    try {
      return await withTransientRetry(() => this.applyInTransaction(events));
    } catch (error) {
      if (!isPoisonError(error)) throw error;
    }
    const outgoing: OutboxRow[] = [];
    for (const event of events) {
      try {
        outgoing.push(...(await withTransientRetry(() => this.applyInTransaction([event]))));
      } catch (error) {
        if (!isPoisonError(error)) throw error;
        const record = records.find((r) => r.headers.event_id === event.event_id) ?? records[0];
        await this.deadLetter(topic, [{ record: { ...record, value: Buffer.from(JSON.stringify(event)) }, reason: `handler failed: ${String(error).slice(0, 300)}` }]);
      }
    }
    return outgoing;
  }

  private applyInTransaction(events: readonly DomainEvent[]) {
    return this.dataSource.transaction(async (db) => {
      const queued: OutgoingEvent[] = [];
      const ctx: BatchContext = { db, emit: (event) => queued.push(event) };
      const fresh = await this.recordInLedger(db, events);
      await this.options.handler.prepare?.(fresh, ctx);
      for (const event of fresh) {
        await this.options.handler.handle(event, ctx);
        metrics.eventsProcessed.inc({ consumer: this.options.name, type: event.type });
      }
      await this.options.handler.complete?.(ctx);
      return this.outbox.insert(db, queued);
    });
  }

  /** Returns the events this consumer has not applied before, in log order. */
  private async recordInLedger(db: EntityManager, events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    if (events.length === 0) return [];
    const rows: { event_id: string }[] = await db.query(
      `INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.name, events.map((e) => e.event_id)],
    );
    const fresh = new Set(rows.map((r) => r.event_id));
    return events.filter((e) => fresh.delete(e.event_id));
  }

  private async deadLetter(topic: string, bad: { record: LogRecord; reason: string }[]): Promise<void> {
    if (bad.length === 0) return;
    await this.log.append(
      bad.map(({ record, reason }) => ({
        topic: this.config.topics.deadLetter,
        key: record.key,
        value: record.value,
        headers: { reason, source: `${topic}/${record.partition}/${record.offset}`, consumer: this.options.name },
      })),
    );
    metrics.deadLetters.inc({ consumer: this.options.name }, bad.length);
    bad.forEach(({ reason }) => this.options.onDeadLetter?.(reason));
  }
}
