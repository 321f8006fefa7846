import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, decodeEvent } from '@app/events';
import { AppConfig } from '../config';
import { EventPublisher, OutgoingEvent } from './event-publisher';
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
 * event id in the ledger, applies the new ones and queues the outgoing events in the outbox; Kafka
 * offsets are committed only after that commit, and the outbox is published right after it.
 * A crash before the database commit redoes the batch; after it, the ledger skips the repeats.
 */
export class LedgerConsumer {
  private readonly consumer: Consumer;
  private readonly outbox: Outbox;

  constructor(
    kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly config: AppConfig,
    private readonly options: LedgerConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${config.consumerGroupPrefix}.${options.name}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 50, // latency matters more than fetch efficiency here
      sessionTimeout: config.consumerSessionTimeoutMs,
      rebalanceTimeout: config.consumerSessionTimeoutMs,
      heartbeatInterval: Math.floor(config.consumerSessionTimeoutMs / 5),
    });
    this.outbox = new Outbox(dataSource, publisher, options.name);
  }

  async start(): Promise<void> {
    await this.outbox.publishPending();
    this.outbox.startSweeping(this.config.outboxSweepMs);
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.config.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.outbox.stopSweeping();
    await this.consumer.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    await this.consume(payload);
    const { batch } = payload;
    metrics.batchSize.observe({ consumer: this.options.name }, batch.messages.length);
    metrics.consumerLag.set({ consumer: this.options.name, topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
  }

  private async consume({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const good: DomainEvent[] = [];
    const bad: { message: KafkaMessage; reason: string }[] = [];
    for (const message of batch.messages) {
      const decoded = decodeEvent(message.value);
      if (decoded.ok) good.push(decoded.event);
      else bad.push({ message, reason: decoded.reason });
    }
    await this.deadLetter(batch.topic, batch.partition, bad);
    const outgoing = await this.apply(batch.topic, batch.partition, good, batch.messages);
    await this.outbox.publishRows(outgoing);
    const last = batch.messages[batch.messages.length - 1].offset;
    resolveOffset(last);
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    await heartbeat();
  }

  /**
   * Applies the batch in one transaction. If an event's data makes its handler fail, the batch is
   * redone event by event and only the failing events go to the dead-letter topic: no crash loop.
   */
  private async apply(topic: string, partition: number, events: DomainEvent[], messages: KafkaMessage[]): Promise<OutboxRow[]> {
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
        const message = messages.find((m) => m.headers?.event_id?.toString() === event.event_id) ?? messages[0];
        await this.deadLetter(topic, partition, [{ message: { ...message, value: Buffer.from(JSON.stringify(event)) }, reason: `handler failed: ${String(error).slice(0, 300)}` }]);
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

  private async deadLetter(topic: string, partition: number, bad: { message: KafkaMessage; reason: string }[]): Promise<void> {
    if (bad.length === 0) return;
    await this.publisher.publishRaw(
      this.config.topics.deadLetter,
      bad.map(({ message, reason }) => ({
        key: message.key?.toString() ?? null,
        value: message.value,
        headers: { reason, source: `${topic}/${partition}/${message.offset}`, consumer: this.options.name },
      })),
    );
    metrics.deadLetters.inc({ consumer: this.options.name }, bad.length);
    bad.forEach(({ reason }) => this.options.onDeadLetter?.(reason));
  }
}

