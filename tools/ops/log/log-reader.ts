import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { PartitionSpan } from './log-positions';

/** One message as read from the log, undecoded. */
export interface LogRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string | null;
  readonly value: Buffer | null;
}

export interface ReadOptions {
  readonly topic: string;
  readonly spans: readonly PartitionSpan[];
  /** Prefix of the throwaway consumer group id (the services' group prefix). */
  readonly groupPrefix: string;
  readonly onRecords: (records: readonly LogRecord[]) => void;
}

/**
 * Reads each partition from its start to its fixed end (exclusive) and returns once all got there.
 * kafkajs has no manual partition assignment, so this joins a throwaway group alone; the group
 * commits nothing (no service's position moves) and is deleted afterwards.
 */
export async function readLog(kafka: Kafka, { topic, spans, groupPrefix, onRecords }: ReadOptions): Promise<void> {
  const ends = new Map(spans.filter((s) => s.end > s.low).map((s) => [s.partition, s.end]));
  if (ends.size === 0) return;
  const groupId = `${groupPrefix}.ops-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 16 * 1024 * 1024,
    maxBytes: 64 * 1024 * 1024,
    maxWaitTimeInMs: 100,
    // A failure ends the read (and the command) instead of kafkajs restarting the consumer.
    retry: { retries: 5, restartOnFailure: async () => false },
  });
  const unwanted = spans.map((s) => s.partition).filter((p) => !ends.has(p));
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition);
        if (end === undefined) return;
        const records: LogRecord[] = [];
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          if (offset < end) records.push({ partition: batch.partition, offset, key: m.key?.toString() ?? null, value: m.value });
        }
        onRecords(records);
        if (BigInt(batch.lastOffset()) + 1n >= end) {
          ends.delete(batch.partition);
          consumer.pause([{ topic, partitions: [batch.partition] }]);
          if (ends.size === 0) finish();
        }
      },
    });
    if (unwanted.length > 0) consumer.pause([{ topic, partitions: unwanted }]);
    await finished;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await deleteGroup(kafka, groupId);
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // An empty group without offsets also expires by itself; nothing to clean up then.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
