import { Sql } from '../database/sql';

/**
 * The event-log port. The services write and consume through it and never learn which log they
 * use: a Kafka cluster (the scaled deployment) or an append-only Postgres table (the embedded one).
 * Both give per-key order, at-least-once delivery to a consumer group and positions (offsets)
 * committed only after the group's handler finished a batch.
 */

/** A record to append. `key` decides the partition (Kafka) and so the order it keeps. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** A record as read from the log. */
export interface LogRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** Consecutive records of one partition, handed to a consumer group's handler at once. */
export interface LogBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly LogRecord[];
  /** Records left in the partition after this batch, as far as the adapter knows (a lower bound for the lag metric). */
  readonly lag: number;
}

export interface SubscribeOptions {
  /** Consumer group: each group sees every record; positions are per group. */
  readonly group: string;
  readonly topic: string;
  /** Batches of different partitions handled at once. */
  readonly concurrency: number;
  /**
   * Handles one batch; the group's position moves past it only when this resolves. A rejection
   * means the batch comes again (after a back-off), so the handler must be idempotent.
   */
  readonly onBatch: (batch: LogBatch) => Promise<void>;
}

export interface Subscription {
  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void>;
}

export interface EventLog {
  /** Which adapter this is, for logs and health reports. */
  readonly kind: 'kafka' | 'table';
  /** Creates the project's topics if they are missing. */
  ensureTopics(): Promise<void>;
  /** Appends records; resolves once they are durable, in order per key. */
  append(records: readonly OutgoingRecord[]): Promise<void>;
  /**
   * Appends a consumer's output as part of its open transaction `tx`: a log in the same database
   * (the table log) writes the records in that transaction, so they commit with it; a Kafka log
   * appends them at once (the consumer does so last before its commit: a crash in between
   * repeats them, and the next consumer drops repeats by id). Resolves with what to call once the
   * transaction has committed (it wakes this process's readers).
   */
  appendWithin(tx: Sql, records: readonly OutgoingRecord[]): Promise<() => void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Rejects when the log cannot be reached (readiness). */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** Records per topic, each list in append order. */
export function byTopic(records: readonly OutgoingRecord[]): Map<string, OutgoingRecord[]> {
  const topics = new Map<string, OutgoingRecord[]>();
  for (const r of records) {
    const list = topics.get(r.topic);
    if (list) list.push(r);
    else topics.set(r.topic, [r]);
  }
  return topics;
}
