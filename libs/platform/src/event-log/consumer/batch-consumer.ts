import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent, decodeEvent } from '@app/events';
import { AppConfig } from '../../config';
import { FailureKind, failureKind } from '../../database/failure-kind';
import { withTransientRetry } from '../../database/transient-retry';
import { GroupCommit } from '../../group-commit';
import { PinoLogger } from 'nestjs-pino';
import { componentLogger } from '../../logging/component-logger';
import { metrics } from '../../metrics';
import { ConsumerTracing, consumerTracing } from '../../tracing/consumer-tracing';
import { EventLog, LogBatch, LogRecord, Subscription } from '../event-log';
import { OutgoingEvent, recordOf } from '../event-publisher';
import { Outbox } from '../outbox';
import { ConsumerHandlers, RejectionKind } from './consumed-batch';
import { ConsumerLedger } from './consumer-ledger';

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

/** The log did not take what a batch emits: the infrastructure failed, so the batch is tried again (never dead-lettered). */
class EmitFailed extends Error {
  readonly retriable = true;
}

/** How far each partition's records reach: the first offset after them. */
type Ends = ReadonlyMap<number, bigint>;

function endsOf(records: readonly LogRecord[]): Map<number, bigint> {
  const ends = new Map<number, bigint>();
  for (const { partition, offset } of records) if (offset + 1n > (ends.get(partition) ?? -1n)) ends.set(partition, offset + 1n);
  return ends;
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
 * Consume → Postgres → emit with exactly-once effect, and one answer to every failure. The batches
 * of the partitions read at once are gathered (GroupCommit) into transactions (a few at once, each
 * of a bounded number of events: `consumerTransactions`). Each locks its positions, records the new
 * event ids, applies them, dead-letters the malformed records (the handler's `reject` sees each),
 * moves the positions and appends what the handler emitted to the log, last before the commit. A crash between that append and the commit hands
 * the batch over again; the handlers derive what they emit from the events and the stored state
 * alone (same ids: see `derivedMeta`), so the repeat is the same and the next consumer's ledger
 * drops it.
 *
 * A failure of the transaction is decided by its kind: transient → thrown, so the log hands the
 * batches over again after a back-off (never dead-lettered); data → at once, and bug → after
 * BUG_ATTEMPTS tries, the batch is redone event by event and only the failing events are
 * dead-lettered, with an alert metric: no wedged partition, no crash loop.
 */
export class BatchConsumer {
  /** Rows older versions queued in the outbox: published at start and by the sweeper, which also prunes. */
  private readonly outbox: Outbox;
  private readonly ledger: ConsumerLedger;
  private readonly logger: PinoLogger;
  private readonly tracing: ConsumerTracing;
  private readonly gatherer: GroupCommit<LogBatch>;
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
    this.logger = componentLogger(name);
    this.tracing = consumerTracing({ name, topic, group: this.group, system: log.kind });
    this.gatherer = new GroupCommit<LogBatch>(
      async (batches) => {
        await this.onBatches(batches);
        return [];
      },
      { lanes: config.consumerTransactions.lanes, budget: config.consumerTransactions.events, weight: (batch) => batch.records.length },
    );
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
      onBatch: (batch) => this.gatherer.submit(batch),
    });
  }

  /** Finishes the batches in hand, commits and leaves the group. */
  async stop(): Promise<void> {
    this.outbox.stopSweeping();
    await this.subscription?.stop();
  }

  private async onBatches(batches: readonly LogBatch[]): Promise<void> {
    const records = batches.flatMap((batch) => batch.records);
    const events: Decoded[] = [];
    const malformed: Refused[] = [];
    for (const record of records) {
      const decoded = decodeEvent(record.value);
      if (decoded.ok) events.push({ record, event: decoded.event });
      else malformed.push({ record, kind: 'malformed', reason: decoded.reason, ...looseEnvelope(record.value) });
    }
    await this.tracing.batch(records, events, (traced) => this.applyBatch(traced, malformed, endsOf(records)));
    for (const batch of batches) {
      metrics.batchSize.observe({ consumer: this.name }, batch.records.length);
      metrics.consumerLag.set({ consumer: this.name, topic: batch.topic, partition: String(batch.partition) }, batch.lag);
    }
  }

  /** The whole gathered batch in one transaction; after a data or bug failure, event by event. */
  private async applyBatch(events: readonly Decoded[], malformed: readonly Refused[], ends: Ends): Promise<void> {
    try {
      return await this.attempt(() => this.transaction(events, malformed, ends));
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
    }
    for (const decoded of events) {
      const upTo = new Map([[decoded.record.partition, decoded.record.offset + 1n]]);
      try {
        await this.attempt(() => this.transaction([decoded], [], upTo));
      } catch (error) {
        if (!(error instanceof GaveUp)) throw error;
        const refused = {
          record: decoded.record,
          kind: error.kind,
          reason: describeFailure(error),
          type: decoded.event.type,
          payload: decoded.event.payload,
        };
        await this.refuse([refused], upTo, [decoded]);
      }
    }
    // The malformed records, and the positions past the whole batch.
    await this.refuse(malformed, ends);
  }

  /** Dead-letters and moves past; should the handler's `reject` itself keep failing, the records are dead-lettered without it. */
  private async refuse(refused: readonly Refused[], ends: Ends, alsoRecorded: readonly Decoded[] = []): Promise<void> {
    try {
      await this.attempt(() => this.transaction([], refused, ends, alsoRecorded));
    } catch (error) {
      if (!(error instanceof GaveUp)) throw error;
      this.logger.error({
        msg: 'rejecting dead-lettered records failed; they are dead-lettered without it',
        error: error.message.slice(0, 200),
      });
      await this.attempt(() => this.transaction([], refused, ends, alsoRecorded, false));
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
   * One transaction: claim the positions (moving them to `ends`) and the new ids, apply `events`,
   * dead-letter `refused` (those past their position) and tell the handler, append what the
   * handler emitted. `alsoRecorded` are refused events whose ids go into the ledger (their
   * repeats are skipped).
   */
  private transaction(
    events: readonly Decoded[],
    refused: readonly Refused[],
    ends: Ends,
    alsoRecorded: readonly Decoded[] = [],
    tellHandler = true,
  ): Promise<void> {
    return withTransientRetry(async () => {
      const wakes: (() => void)[] = [];
      await this.dataSource.transaction(async (db) => {
        const candidates = [...events, ...alsoRecorded].map(({ record, event }) => ({
          eventId: event.event_id,
          partition: record.partition,
          offset: record.offset,
        }));
        const { positions, fresh } = await this.ledger.claim(db, this.topic, ends, candidates);
        const newEvents = events.filter(({ event }) => fresh.delete(event.event_id)).map(({ event }) => event);
        metrics.ledgerRepeats.inc({ consumer: this.name }, events.length - newEvents.length);
        const newRefusals = refused.filter(({ record }) => record.offset >= (positions.get(record.partition) ?? 0n));
        const queued: OutgoingEvent[] = [];
        if (newEvents.length > 0) {
          await this.handlers.apply({
            topic: this.topic,
            partitions: [...ends.keys()],
            events: newEvents,
            db,
            emit: (event) => queued.push(event),
          });
          newEvents.forEach((event) => metrics.eventsProcessed.inc({ consumer: this.name, type: event.type }));
        }
        wakes.push(await this.deadLetter(db, newRefusals, tellHandler));
        wakes.push(await this.emit(db, queued));
      });
      wakes.forEach((wake) => wake());
    });
  }

  /** Appends the emitted events, last before the commit: if the log does not take them, nothing of the batch is kept. */
  private async emit(db: EntityManager, queued: readonly OutgoingEvent[]): Promise<() => void> {
    if (queued.length === 0) return () => undefined;
    try {
      return await this.log.appendWithin(db, queued.map(recordOf));
    } catch (error) {
      throw new EmitFailed(`the log did not take ${queued.length} emitted event(s): ${String(error).slice(0, 200)}`);
    }
  }

  /**
   * Appends the refused records to the dead-letter topic (before the transaction that moves past
   * them commits: a crash in between repeats the letter, never loses it) and lets the handler
   * record each refusal in that transaction.
   */
  private async deadLetter(db: EntityManager, refused: readonly Refused[], tellHandler: boolean): Promise<() => void> {
    if (refused.length === 0) return () => undefined;
    const wake = await this.log.appendWithin(
      db,
      refused.map(({ record, kind, reason }) => ({
        topic: this.config.topics.deadLetter,
        key: record.key,
        value: record.value,
        headers: { reason, kind, source: `${this.topic}/${record.partition}/${record.offset}`, consumer: this.name },
      })),
    );
    for (const { kind, reason, type, payload } of refused) {
      if (tellHandler) await this.handlers.reject?.({ kind, reason, type, payload, db });
      metrics.deadLetters.inc({ consumer: this.name, reason: kind });
      this.logger.warn({ msg: 'event dead-lettered', kind, reason, type });
    }
    return wake;
  }
}
