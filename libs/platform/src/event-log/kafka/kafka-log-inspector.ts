import { randomBytes } from 'node:crypto';
import { Admin, Kafka, Partitioners } from 'kafkajs';
import { LogRecord } from '../event-log';
import { GroupState, LogInspector, PartitionSpan } from '../log-inspector';
import { headersOf } from './batch-delivery';

/** The operator tools' view of a Kafka log, through kafkajs's admin client and throwaway readers. */
export class KafkaLogInspector implements LogInspector {
  private admin?: Promise<Admin>;

  constructor(
    private readonly kafka: Kafka,
    /** Prefix of the throwaway reader groups (the services' group prefix). */
    private readonly groupPrefix: string,
  ) {}

  async spans(topic: string): Promise<PartitionSpan[]> {
    const admin = await this.connected();
    if (!(await admin.listTopics()).includes(topic)) throw new Error(`topic ${topic} does not exist (check TOPIC_PREFIX or TOPIC_EVENTS)`);
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, low: BigInt(o.low), end: BigInt(o.high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async committed(group: string, topic: string): Promise<Map<number, bigint>> {
    const [offsets] = await (await this.connected()).fetchOffsets({ groupId: group, topics: [topic] });
    return new Map(offsets?.partitions.filter((p) => p.offset !== '-1').map((p) => [p.partition, BigInt(p.offset)]) ?? []);
  }

  async groupState(group: string): Promise<GroupState> {
    const { groups } = await (await this.connected()).describeGroups([group]);
    return { state: groups[0]?.state ?? 'Dead', members: groups[0]?.members.length ?? 0 };
  }

  /** kafkajs's default (Java-compatible murmur2) partitioner, as the services' producer uses it. */
  partitionOfKey(topic: string, key: string, partitions: number): number {
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }));
    return partitioner({ topic, partitionMetadata, message: { key } } as Parameters<typeof partitioner>[0]);
  }

  /**
   * kafkajs has no manual partition assignment, so this joins a throwaway group alone; the group
   * commits nothing (no service's position moves) and is deleted afterwards.
   */
  async read(topic: string, spans: readonly PartitionSpan[], onRecords: (records: readonly LogRecord[]) => void): Promise<void> {
    const ends = new Map(spans.filter((s) => s.end > s.low).map((s) => [s.partition, s.end]));
    if (ends.size === 0) return;
    const groupId = `${this.groupPrefix}.ops-${randomBytes(6).toString('hex')}`;
    const consumer = this.kafka.consumer({
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
            if (offset < end)
              records.push({
                partition: batch.partition,
                offset,
                key: m.key?.toString() ?? null,
                value: m.value,
                headers: headersOf(m.headers),
              });
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
      await this.deleteGroup(groupId);
    }
  }

  async close(): Promise<void> {
    if (this.admin) await (await this.admin).disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private async deleteGroup(groupId: string): Promise<void> {
    try {
      await (await this.connected()).deleteGroups([groupId]);
    } catch {
      // An empty group without offsets also expires by itself; nothing to clean up then.
    }
  }
}
