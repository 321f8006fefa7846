import { PinoLogger } from 'nestjs-pino';
import { GroupCommit } from '../../group-commit';
import { LogRecord, SubscribeOptions } from '../event-log';

/**
 * Handing a partition's batch to a subscription's handler and committing past it, shared by the
 * Kafka adapters: kafkajs and @confluentinc/kafka-javascript (whose KafkaJS API gives the same
 * `eachBatch` payload) through EachBatchRun, @platformatic/kafka through handleUntilCommitted.
 */

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A record's headers as strings (a header sent twice comes as an array: its values joined by commas). */
export function headersOf(headers: Readonly<Record<string, HeaderValue>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name] = value.toString();
  return out;
}

const RETRY_BACKOFF_MS = { initial: 100, max: 5_000 };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before the next try of a failed batch, or of a consumer restart. */
export function backoff(attempt: number): number {
  return Math.min(RETRY_BACKOFF_MS.max, RETRY_BACKOFF_MS.initial * 2 ** Math.min(attempt, 10));
}

/** One partition batch in the hands of a subscription, as handleUntilCommitted drives it. */
export interface BatchInHand {
  readonly group: string;
  readonly partition: number;
  readonly logger: PinoLogger;
  /** Hands the batch to the subscription's handler. */
  handle(): Promise<void>;
  /** Commits the group's position past the batch. */
  commit(): Promise<void>;
  /** False once the partition is no longer this member's: its new owner redoes the batch. */
  owned(): boolean;
  /** True once the subscription stops: the batch is left for the next start. */
  stopping(): boolean;
  /** Resolves when the subscription stops (cuts a back-off short). */
  readonly stopped: Promise<void>;
}

/**
 * Hands the batch over and commits past it; a failure of either is tried again after a back-off
 * (a failed commit alone, the batch was handled). Resolves true once committed, false when the
 * partition was lost or the subscription stopped first (nothing committed: the batch comes again).
 */
export async function handleUntilCommitted(batch: BatchInHand): Promise<boolean> {
  let handled = false;
  for (let attempt = 0; ; attempt++) {
    if (!batch.owned()) return false;
    try {
      if (!handled) await batch.handle();
      handled = true;
      if (!batch.owned()) return false; // lost while handled: never commit over the new owner
      await batch.commit();
      return true;
    } catch (error) {
      if (batch.stopping()) return false;
      batch.logger.warn({
        msg: 'kafka batch failed; retrying',
        group: batch.group,
        partition: batch.partition,
        attempt,
        error: (error as Error).message,
      });
      await Promise.race([sleep(backoff(attempt)), batch.stopped]);
      if (batch.stopping()) return false;
    }
  }
}

/** What the event log reads of a kafkajs-style `eachBatch` payload (kafkajs's, and @confluentinc/kafka-javascript's). */
export interface EachBatchPayloadLike {
  readonly batch: {
    readonly topic: string;
    readonly partition: number;
    readonly messages: readonly {
      readonly offset: string;
      readonly key: Buffer | null;
      readonly value: Buffer | null;
      readonly headers?: Readonly<Record<string, HeaderValue>>;
    }[];
    offsetLag(): string;
  };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** A partition's position to commit: the offset of the next record to read. */
interface Offset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The consumer a run commits through. */
export interface OffsetCommitter {
  commitOffsets(offsets: Offset[]): Promise<void>;
}

/**
 * How a failed handler's batch comes again: `client` rethrows, and the client hands it over again
 * after its own back-off (kafkajs); `here` retries it in place with handleUntilCommitted (for a
 * client that would hand it over again at once, @confluentinc/kafka-javascript).
 */
export type BatchRetry = { readonly by: 'client' } | { readonly by: 'here'; readonly logger: PinoLogger };

/**
 * One group member's kafkajs-style `eachBatch`: each batch goes to the handler as a LogBatch, then
 * the partition's position is committed (the partitions whose batches finished together commit
 * in one request). A stop lets the batches in hand finish and commit before the member leaves
 * (a client may leave the group while another partition's batch still runs, and its commit would
 * fail). Run with `eachBatchAutoResolve: false` and automatic commits off.
 */
export class EachBatchRun {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly commits: GroupCommit<Offset>;
  private stopping = false;
  private wake: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.wake = resolve));

  constructor(
    consumer: OffsetCommitter,
    private readonly options: SubscribeOptions,
    private readonly retry: BatchRetry,
  ) {
    this.commits = new GroupCommit<Offset>(async (offsets) => {
      await consumer.commitOffsets([...offsets]);
      return offsets.map(() => undefined);
    });
  }

  readonly eachBatch = async (payload: EachBatchPayloadLike): Promise<void> => {
    if (this.stopping) return;
    const handled = this.onBatch(payload);
    this.inFlight.add(handled);
    try {
      await handled;
    } finally {
      this.inFlight.delete(handled);
    }
  };

  /** Lets the batches in hand finish (and commit), then `disconnect`s. */
  async stop(disconnect: () => Promise<void>): Promise<void> {
    this.stopping = true;
    this.wake();
    await Promise.allSettled([...this.inFlight]);
    await disconnect();
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayloadLike): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const { topic, partition } = batch;
    const records: LogRecord[] = batch.messages.map((m) => ({
      partition,
      offset: BigInt(m.offset),
      key: m.key?.toString() ?? null,
      value: m.value,
      headers: headersOf(m.headers),
    }));
    const logBatch = { topic, partition, records, lag: Number(batch.offsetLag()) };
    const last = records[records.length - 1].offset;
    const commit = () => this.commits.submit({ topic, partition, offset: (last + 1n).toString() });
    if (this.retry.by === 'client') {
      await this.options.onBatch(logBatch);
      resolveOffset(last.toString());
      await commit();
      await heartbeat();
      return;
    }
    const committed = await handleUntilCommitted({
      group: this.options.group,
      partition,
      logger: this.retry.logger,
      handle: () => this.options.onBatch(logBatch),
      commit,
      owned: () => isRunning() && !isStale(),
      stopping: () => this.stopping,
      stopped: this.stopped,
    });
    // Unresolved, the batch is handed over again (the client seeks back to its first record).
    if (committed) resolveOffset(last.toString());
  }
}
