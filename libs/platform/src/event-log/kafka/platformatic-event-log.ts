import type * as Platformatic from '@platformatic/kafka';
import { AppConfig } from '../../config';
import { PinoLogger } from 'nestjs-pino';
import { componentLogger } from '../../logging/component-logger';
import { EventLog, LogRecord, OutgoingRecord, SubscribeOptions, Subscription } from '../event-log';
import { AppendQueue } from './append-queue';
import { backoff, handleUntilCommitted, sleep } from './batch-delivery';
import { FETCH_MAX_WAIT_MS } from './fetch-wait';
import { missingTopics, waitForLeaders } from './kafka-topics';

type Plt = typeof Platformatic;
type PltProducer = Platformatic.Producer<string, Buffer, string, string>;
type PltConsumer = Platformatic.Consumer<string, Buffer, string, string>;
type PltStream = Platformatic.MessagesStream<string, Buffer, string, string>;
type PltMessage = Platformatic.Message<string, Buffer, string, string>;

let loaded: Plt | undefined;

/**
 * @platformatic/kafka is ESM only. Compiled to CommonJS, a plain `import` becomes `require()`,
 * which Node >= 20.19 runs (require(esm)), but jest's module loader cannot (`Unexpected token
 * 'export'`). Node's own require, made here, works in both; loaded on first use, so processes on
 * kafkajs never load it.
 */
function platformatic(): Plt {
  loaded ??= process.getBuiltinModule('module').createRequire(__filename)('@platformatic/kafka') as Plt;
  return loaded;
}

/**
 * Explicit retries: an idempotent producer otherwise retries forever (e.g. on a missing topic).
 * The same for every client, close to kafkajs's `retry: { initialRetryTime: 100, retries: 8 }`.
 */
const RETRIES = { retries: 8, retryDelay: 100 };
const MAX_BATCH_BYTES = 1_048_576; // like kafkajs: a batch is at most one fetch of a partition (maxBytesPerPartition)
const MAX_BUFFERED = 10_000; // records fetched but not yet handled before the stream is paused

/**
 * The event log on a Kafka cluster through @platformatic/kafka 1.x, with the semantics of
 * KafkaEventLog (kafkajs): an idempotent producer (acks from all in-sync replicas) with the
 * Java-compatible murmur2 partitioner, so a key lands in the same partition as with kafkajs or
 * the Java client; subscriptions are group members that commit a partition's position only after
 * the handler finished the batch. Chosen with KAFKA_CLIENT=platformatic.
 */
export class PlatformaticEventLog implements EventLog {
  readonly kind = 'kafka';
  private producer?: PltProducer;
  private probeAdmin?: Platformatic.Admin;
  /** Sends never overlap: 1.35.0's idempotent producer loses records when they do (platformatic/kafka #326). */
  private readonly appends = new AppendQueue((records) => this.send(records));
  private readonly subscriptions = new Set<PartitionBatchConsumer>();

  constructor(private readonly config: AppConfig) {}

  async ensureTopics(): Promise<void> {
    const kafka = platformatic();
    const admin = new kafka.Admin({ clientId: this.config.kafkaClientId, bootstrapBrokers: this.config.kafkaBrokers, ...RETRIES });
    try {
      const wanted = missingTopics(this.config, new Set(await admin.listTopics()));
      // One request per topic: a request has one partition count for all its topics.
      await Promise.all(
        wanted.map(async ({ topic, numPartitions, replicationFactor, configEntries }) => {
          try {
            await admin.createTopics({ topics: [topic], partitions: numPartitions, replicas: replicationFactor, configs: configEntries });
          } catch (error) {
            // Another process created it meanwhile.
            if (!(error as Platformatic.GenericError).findBy?.('apiId', 'TOPIC_ALREADY_EXISTS')) throw error;
          }
        }),
      );
      if (wanted.length > 0)
        await waitForLeaders(() =>
          leadersKnown(
            admin,
            wanted.map((t) => t.topic),
          ),
        );
    } finally {
      await admin.close();
    }
  }

  /** Kafka is not in the consumer's database: the records go out now, before its commit. */
  async appendWithin(_tx: unknown, records: readonly OutgoingRecord[]): Promise<() => void> {
    await this.append(records);
    return () => undefined;
  }

  append(records: readonly OutgoingRecord[]): Promise<void> {
    return this.appends.append(records);
  }

  private async send(records: readonly OutgoingRecord[]): Promise<void> {
    const messages = records.map(({ topic, key, value, headers }) => ({
      topic,
      key: key ?? undefined,
      value: value ?? undefined,
      headers: { ...headers },
    }));
    await this.producerOf().send({ messages });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const subscription = new PartitionBatchConsumer(platformatic(), this.config, options);
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      this.subscriptions.delete(subscription);
      await subscription.stop().catch(() => undefined);
      throw error;
    }
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async probe(): Promise<void> {
    // Fails fast (no retries): readiness asks often and has its own deadline.
    this.probeAdmin ??= new (platformatic().Admin)({
      clientId: this.config.kafkaClientId,
      bootstrapBrokers: this.config.kafkaBrokers,
      retries: 0,
      connectTimeout: 2_000,
    });
    await this.probeAdmin.metadata({ topics: [], forceUpdate: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop().catch(() => undefined)));
    this.subscriptions.clear();
    await this.probeAdmin?.close().catch(() => undefined);
    this.probeAdmin = undefined;
    if (this.producer) {
      await this.appends.drained();
      await this.producer.close().catch(() => undefined);
      this.producer = undefined;
    }
  }

  private producerOf(): PltProducer {
    if (!this.producer) {
      const kafka = platformatic();
      this.producer = new kafka.Producer<string, Buffer, string, string>({
        clientId: this.config.kafkaClientId,
        bootstrapBrokers: this.config.kafkaBrokers,
        idempotent: true,
        acks: kafka.ProduceAcks.ALL,
        autocreateTopics: false,
        // The library's default partitioner is NOT the Java one (it does not mask the sign bit).
        partitioner: kafka.compatibilityPartitioner,
        serializers: { key: kafka.stringSerializer, headerKey: kafka.stringSerializer, headerValue: kafka.stringSerializer },
        ...RETRIES,
      });
    }
    return this.producer;
  }
}

/** Whether every partition of the topics has a leader. */
async function leadersKnown(admin: Platformatic.Admin, topics: readonly string[]): Promise<boolean> {
  const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true });
  return topics.every((t) => {
    const topic = metadata.topics.get(t);
    return topic !== undefined && topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0);
  });
}

function headersOf(headers: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) if (name !== undefined && value !== undefined) out[name] = value;
  return out;
}

/**
 * kafkajs's `eachBatch` on top of @platformatic/kafka's message stream, which hands over single
 * messages: a queue per partition, at most `concurrency` partition batches handled at once, a
 * partition's position committed after its batch, a failed batch retried after a back-off.
 *
 * Rebalances: when a partition is lost, its queue and position are forgotten and a batch of it in
 * progress is not committed (the new owner redoes it). A partition that is kept keeps its queue:
 * the stream rewinds it to the committed offset (what was already queued is skipped by offset),
 * and a fetch in flight during the rebalance may still land and move the fetch position past it,
 * so dropping the queue of a kept partition would leave a gap behind a later commit.
 */
class PartitionBatchConsumer {
  private readonly logger: PinoLogger;
  private consumer?: PltConsumer;
  private stream?: PltStream;
  private readonly queues = new Map<number, PltMessage[]>();
  /** Per partition, the next offset to accept: lower ones were already queued or handled. */
  private readonly next = new Map<number, bigint>();
  /** Partitions with queued records and no batch in progress, in the order they became ready. */
  private readonly ready: number[] = [];
  private readonly running = new Map<number, Promise<void>>();
  private buffered = 0;
  private stopping = false;
  private restarting?: Promise<void>;
  private wake: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.wake = resolve));

  constructor(
    private readonly kafka: Plt,
    private readonly config: AppConfig,
    private readonly options: SubscribeOptions,
  ) {
    this.logger = componentLogger('kafka');
  }

  async start(): Promise<void> {
    const session = this.config.consumerSessionTimeoutMs;
    const consumer = new this.kafka.Consumer<string, Buffer, string, string>({
      clientId: this.config.kafkaClientId,
      groupId: this.options.group,
      bootstrapBrokers: this.config.kafkaBrokers,
      autocommit: false, // the default commits on fetch (at most once)
      sessionTimeout: session,
      rebalanceTimeout: session,
      heartbeatInterval: Math.floor(session / 5),
      // kafkajs's protocol name (its default assigner): a group can then hold members of both clients,
      // e.g. during a rolling switch of KAFKA_CLIENT; the library's default name ('roundrobin') is refused
      // by the coordinator next to kafkajs members (INCONSISTENT_GROUP_PROTOCOL).
      protocols: [{ name: 'RoundRobinAssigner', version: 1 }],
      maxWaitTime: FETCH_MAX_WAIT_MS,
      maxBytesPerPartition: 1_048_576,
      deserializers: {
        key: this.kafka.stringDeserializer,
        headerKey: this.kafka.stringDeserializer,
        headerValue: this.kafka.stringDeserializer,
      },
      ...RETRIES,
    });
    consumer.on('consumer:group:join', () => this.onJoin());
    this.consumer = consumer;
    const stream = await consumer.consume({
      topics: [this.options.topic],
      mode: this.kafka.MessagesStreamModes.COMMITTED,
      fallbackMode: this.kafka.MessagesStreamFallbackModes.EARLIEST,
    });
    this.stream = stream;
    stream.on('error', (error) => void this.restart(stream, error));
    stream.on('data', (message) => this.onMessage(message));
  }

  /** Finishes (and commits) the batches in progress, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    this.stream?.pause();
    await this.restarting;
    await this.shutDown();
  }

  private async shutDown(): Promise<void> {
    await Promise.all(this.running.values());
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    await stream?.close().catch(() => undefined);
    // LeaveGroup: the others rebalance at once. (With `force`, only the callback form is typed.)
    if (consumer) await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
  }

  /** A stream that failed is over: start again from the committed positions (like kafkajs's restartOnFailure). */
  private restart(stream: PltStream, error: Error): Promise<void> {
    if (this.stopping || stream !== this.stream || this.restarting) return this.restarting ?? Promise.resolve();
    this.logger.error({ msg: 'kafka consumer stream failed; restarting', group: this.options.group, error: error.message });
    this.restarting = (async () => {
      stream.pause();
      await this.shutDown();
      this.queues.clear();
      this.next.clear();
      this.ready.length = 0;
      this.buffered = 0;
      for (let attempt = 0; !this.stopping; attempt++) {
        await Promise.race([sleep(backoff(attempt)), this.stopped]);
        if (this.stopping) return;
        try {
          await this.start();
          return;
        } catch (startError) {
          this.logger.error({ msg: 'kafka consumer restart failed', group: this.options.group, error: (startError as Error).message });
          await this.shutDown();
        }
      }
    })().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private assigned(partition: number): boolean {
    return (this.consumer?.assignments ?? []).some((a) => a.topic === this.options.topic && a.partitions.includes(partition));
  }

  private onJoin(): void {
    // Forget only the partitions this member lost (see the class comment).
    for (const partition of new Set([...this.queues.keys(), ...this.next.keys()])) {
      if (this.assigned(partition)) continue;
      this.buffered -= this.queues.get(partition)?.length ?? 0;
      this.queues.delete(partition);
      this.next.delete(partition);
      // The stream keeps its fetch position of a partition with no committed offset; should this
      // member get the partition back before its new owner commits, it must start at the earliest
      // record again, not where this member stopped fetching.
      this.stream?.offsetsToFetch.delete(`${this.options.topic}:${partition}`);
    }
    this.ready.splice(0, this.ready.length, ...this.ready.filter((p) => this.assigned(p)));
    this.resumeIfRoom();
  }

  private onMessage(message: PltMessage): void {
    const partition = message.partition;
    if (!this.assigned(partition)) return; // a fetch that landed after the partition was lost
    const expected = this.next.get(partition);
    if (expected !== undefined && message.offset < expected) return; // re-fetched after a rewind
    this.next.set(partition, message.offset + 1n);
    let queue = this.queues.get(partition);
    if (!queue) this.queues.set(partition, (queue = []));
    queue.push(message);
    this.buffered++;
    if (this.buffered >= MAX_BUFFERED) this.stream?.pause();
    if (!this.running.has(partition) && !this.ready.includes(partition)) {
      this.ready.push(partition);
      queueMicrotask(() => this.pump()); // the rest of this fetch lands in the same batch
    }
  }

  private resumeIfRoom(): void {
    if (!this.stopping && this.buffered < MAX_BUFFERED / 2 && this.stream?.isPaused()) this.stream.resume();
  }

  private pump(): void {
    while (!this.stopping && this.running.size < this.options.concurrency && this.ready.length > 0) {
      const partition = this.ready.shift()!;
      const queue = this.queues.get(partition);
      if (!queue || queue.length === 0 || this.running.has(partition)) continue;
      let bytes = 0;
      let count = 0;
      while (count < queue.length && (count === 0 || bytes + (queue[count].value?.length ?? 0) <= MAX_BATCH_BYTES))
        bytes += queue[count++].value?.length ?? 0;
      const batch = queue.splice(0, count);
      this.buffered -= batch.length;
      this.resumeIfRoom();
      const job = this.handle(partition, batch, queue.length)
        .catch((error) =>
          this.logger.error({ msg: 'kafka batch abandoned', group: this.options.group, partition, error: (error as Error).message }),
        )
        .finally(() => {
          this.running.delete(partition);
          if ((this.queues.get(partition)?.length ?? 0) > 0 && !this.ready.includes(partition)) this.ready.push(partition);
          this.pump();
        });
      this.running.set(partition, job);
    }
  }

  private async handle(partition: number, messages: PltMessage[], queued: number): Promise<void> {
    const { topic } = this.options;
    const records: LogRecord[] = messages.map((m) => ({
      partition,
      offset: m.offset,
      key: m.key ?? null,
      value: m.value ?? null,
      headers: headersOf(m.headers),
    }));
    const last = records[records.length - 1].offset;
    // The records left in the partition are not known without a ListOffsets request per batch;
    // `lag` is a lower bound: the records of this partition fetched and queued behind this batch.
    const batch = { topic, partition, records, lag: queued };
    await handleUntilCommitted({
      group: this.options.group,
      partition,
      logger: this.logger,
      handle: () => this.options.onBatch(batch),
      commit: () => this.consumer!.commit({ offsets: [{ topic, partition, offset: last + 1n, leaderEpoch: -1 }] }),
      owned: () => this.assigned(partition),
      stopping: () => this.stopping,
      stopped: this.stopped,
    });
  }
}
