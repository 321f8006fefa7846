import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, decodeEvent } from '@app/events';
import { AppConfig } from '../../config';
import { FailureKind, failureKind } from '../../database/failure-kind';
import { withTransientRetry } from '../../database/transient-retry';
import { JsonLogger } from '../../json-logger';
import { metrics } from '../../metrics';
import { EventLog, LogBatch, LogRecord, Subscription } from '../event-log';
import { OutgoingEvent } from '../event-publisher';
import { Outbox, OutboxRow } from '../outbox';
import { ConsumerHandlers, RejectionKind } from './consumed-batch';
import { ConsumerLedger, endOf } from './consumer-ledger';

/** Tries of a batch (and then of each of its events) that fails with a bug before it is dead-lettered. */
const BUG_ATTEMPTS = 3;
const BUG_BACKOFF_MS = 200;

/** A record to dead-letter, with why. */
interface Refused {
  readonly record: LogRecord;
  readonly kind: RejectionKind;
  readonly reason: string;
  readonly type?: string;
  readonly payload?: unknown;
}

interface Decoded {
  readonly record: LogRecord;
  readonly event: DomainEvent;
}

/** The handlers gave up on the work with a data or bug failure: isolate, then dead-letter. */
class GaveUp extends Error {
  constructor(
    readonly kind: Exclude<FailureKind, 'transient'>,
    failure: unknown,
  ) {
    super(String(failure));
  }
}

/** What can be read of a record that is not a valid event, for its handler's `reject`. */
function looseEnvelope(value: Buffer | null): { type?: string; payload?: unknown } {
  try {
    const parsed = JSON.parse(value?.toString() ?? '') as { type?: unknown; payload?: unknown };
    return typeof parsed === 'object' && parsed !== null
      ? { type: typeof parsed.type === 'string' ? parsed.type : undefined, payload: parsed.payload }
      : {};
  } catch {
    return {};
  }
}

const describeFailure = (failure: GaveUp) =>
  `${failure.kind === 'data' ? 'data' : `handler failed ${BUG_ATTEMPTS} times`}: ${failure.message.slice(0, 300)}`;

/**
 * Consume → Postgres → emit with exactly-once effect, and one answer to every failure. Per batch,
 * one transaction locks the partition's position, records the new event ids, applies them,
 * dead-letters the malformed records (the handler's `reject` sees each), moves the position and
 * queues the outgoing events in the outbox; the outbox is published after the commit.
 *
 * A failure of the transaction is decided by its kind: transient → thrown, so the log hands the
 * batch over again after a back-off (never dead-lettered); data → at once, and bug → after
 * BUG_ATTEMPTS tries, the batch is redone event by event and only the failing events are
 * dead-lettered, with an alert metric: no wedged partition, no crash loop.
 */
export class BatchConsumer {
  private readonly outbox: Outbox;
  private readonly ledger: ConsumerLedger;
  private readonly logger: JsonLogger;
  private subscription?: Subscription;

  constructor(
    readonly name: string,
    readonly topic: string,
    private readonly log: EventLog,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly handlers: ConsumerHandlers,
  ) {
    this.outbox = new Outbox(dataSource, log, name);
    this.ledger = new ConsumerLedger(name);
    this.logger = new JsonLogger(name);
  }

  get group(): string {
    return `${this.config.consumerGroupPrefix}.${this.name}`;
  }

  async start(): Promise<void> {
    await this.outbox.publishPending();
    this.outbox.startSweeping({
      sweepMs: this.config.outboxSweepMs,
      retentionMs: this.config.outboxRetentionMs,
      also: () => this.ledger.prune(this.dataSource.manager, this.config.retention.ledgerMs),
    });
    this.subscription = await this.log.subscribe({
      group: this.group,
      topic: this.topic,
      concurrency: this.config.partitionsConsumedConcurrently,
      onBatch: (batch) => this.onBatch(batch),
    });
  }

  /** Finishes the batch in hand, commits and leaves the group. */
  async stop(): Promise<void> {
    this.outbox.stopSweeping();
    await this.subscription?.stop();
  }

  private async onBatch(batch: LogBatch): Promise<void> {
    const events: Decoded[] = [];
    const malformed: Refused[] = [];
    for (const record of batch.records) {
      const decoded = decodeEvent(record.value);
      if (decoded.ok) events.push({ record, event: decoded.event });
      else malformed.push({ record, kind: 'malformed', reason: decoded.reason, ...looseEnvelope(record.value) });
    }
    const outgoing = await this.applyBatch(batch, events, malformed);
    // The rows are committed: if the log refuses them now, the sweeper (or the next batch with the same key) publishes them, in order.
    await this.outbox
      .publishRows(outgoing)
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'publishing the outbox failed; the rows stay for the sweeper', error: String(error).slice(0, 200) }),
      );
    metrics.batchSize.observe({ consumer: this.name }, batch.records.length);
    metrics.consumerLag.set({ consumer: this.name, topic: batch.topic, partition: String(batch.partition) }, batch.lag);
  }

  /** The whole batch in one transaction; after a data or bug failure, event by event. */
  private async applyBatch(batch: LogBatch, events: readonly Decoded[], malformed: readonly Refused[]): Promise<OutboxRow[]> {
    const end = endOf(batch.records);
    try {
      return await this.attempt(() => this.transaction(batch, events, malformed, end));
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
    }
    const outgoing: OutboxRow[] = [];
    for (const decoded of events) {
      const upTo = decoded.record.offset + 1n;
      try {
        outgoing.push(...(await this.attempt(() => this.transaction(batch, [decoded], [], upTo))));
      } catch (error) {
        if (!(error instanceof GaveUp)) throw error;
        const refused = {
          record: decoded.record,
          kind: error.kind,
          reason: describeFailure(error),
          type: decoded.event.type,
          payload: decoded.event.payload,
        };
        await this.refuse(batch, [refused], upTo, [decoded]);
      }
    }
    // The malformed records, and the position past the whole batch.
    await this.refuse(batch, malformed, end);
    return outgoing;
  }

  /** Dead-letters and moves past; should the handler's `reject` itself keep failing, the records are dead-lettered without it. */
  private async refuse(batch: LogBatch, refused: readonly Refused[], end: bigint, alsoRecorded: readonly Decoded[] = []): Promise<void> {
    try {
      await this.attempt(() => this.transaction(batch, [], refused, end, alsoRecorded));
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
      this.logger.error({
        msg: 'rejecting dead-lettered records failed; they are dead-lettered without it',
        error: error.message.slice(0, 200),
      });
      await this.attempt(() => this.transaction(batch, [], refused, end, alsoRecorded, false));
    }
  }

  /** Runs `work`; a bug is tried again with back-off, a data failure or the last bug attempt gives up, a transient failure is thrown. */
  private async attempt<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const kind = failureKind(error);
        metrics.consumerFailures.inc({ consumer: this.name, kind });
        if (kind === 'transient') throw error;
        if (kind === 'data' || attempt >= BUG_ATTEMPTS) throw new GaveUp(kind, error);
        this.logger.warn({ msg: 'batch failed; trying again', attempt, error: String(error).slice(0, 200) });
        await new Promise((resolve) => setTimeout(resolve, BUG_BACKOFF_MS * 2 ** (attempt - 1)));
      }
    }
  }

  /**
   * One transaction: claim the position and the new ids, apply `events`, dead-letter `refused`
   * (those past the position) and tell the handler, move the position to `end`, queue the outbox.
   * `alsoRecorded` are refused events whose ids go into the ledger (their repeats are skipped).
   */
  private transaction(
    batch: LogBatch,
    events: readonly Decoded[],
    refused: readonly Refused[],
    end: bigint,
    alsoRecorded: readonly Decoded[] = [],
    tellHandler = true,
  ): Promise<OutboxRow[]> {
    return withTransientRetry(() =>
      this.dataSource.transaction(async (db) => {
        const candidates = [...events, ...alsoRecorded].map(({ record, event }) => ({ eventId: event.event_id, offset: record.offset }));
        const { position, fresh } = await this.ledger.claim(db, batch.topic, batch.partition, candidates);
        const newEvents = events.filter(({ event }) => fresh.delete(event.event_id)).map(({ event }) => event);
        metrics.ledgerRepeats.inc({ consumer: this.name }, events.length - newEvents.length);
        const newRefusals = refused.filter(({ record }) => record.offset >= position);
        const queued: OutgoingEvent[] = [];
        if (newEvents.length > 0) {
          await this.handlers.apply({
            topic: batch.topic,
            partition: batch.partition,
            events: newEvents,
            db,
            emit: (event) => queued.push(event),
          });
          newEvents.forEach((event) => metrics.eventsProcessed.inc({ consumer: this.name, type: event.type }));
        }
        await this.deadLetter(db, batch.topic, newRefusals, tellHandler);
        if (end > position) await this.ledger.advance(db, batch.topic, batch.partition, end);
        return this.outbox.insert(db, queued);
      }),
    );
  }

  /**
   * Appends the refused records to the dead-letter topic (before the transaction that moves past
   * them commits: a crash in between repeats the letter, never loses it) and lets the handler
   * record each refusal in that transaction.
   */
  private async deadLetter(db: EntityManager, topic: string, refused: readonly Refused[], tellHandler: boolean): Promise<void> {
    if (refused.length === 0) return;
    await this.log.append(
      refused.map(({ record, kind, reason }) => ({
        topic: this.config.topics.deadLetter,
        key: record.key,
        value: record.value,
        headers: { reason, kind, source: `${topic}/${record.partition}/${record.offset}`, consumer: this.name },
      })),
    );
    for (const { kind, reason, type, payload } of refused) {
      if (tellHandler) await this.handlers.reject?.({ kind, reason, type, payload, db });
      metrics.deadLetters.inc({ consumer: this.name, reason: kind });
      this.logger.warn({ msg: 'event dead-lettered', kind, reason, type });
    }
  }
}
