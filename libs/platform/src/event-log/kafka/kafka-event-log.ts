import { Admin, Kafka, Partitioners, Producer, logLevel } from 'kafkajs';
import { AppConfig } from '../../config';
import { EventLog, OutgoingRecord, SubscribeOptions, Subscription, byTopic } from '../event-log';
import { AppendQueue } from './append-queue';
import { EachBatchRun } from './batch-delivery';
import { FETCH_MAX_WAIT_MS } from './fetch-wait';
import { CREATED_IN } from './creation-context';
import { createKafka } from './kafka-client';
import { ensureTopics } from './kafka-topics';

/**
 * The event log on a Kafka cluster, through kafkajs. Appends go through one idempotent producer
 * (acks from all in-sync replicas, one request in flight so retries keep order); appends made
 * while a request is in flight wait and go out together in the next one (group commit: no linger
 * when idle, large requests under load). Each subscription is a consumer group member that
 * commits offsets only after its handler; the partitions whose batches finished together commit
 * in one request.
 */
export class KafkaEventLog implements EventLog {
  readonly kind = 'kafka';
  private readonly producer: Producer;
  private admin?: Admin;
  private connected?: Promise<void>;
  private readonly appends = new AppendQueue((records) => this.send(records));

  constructor(
    private readonly config: AppConfig,
    readonly kafka: Kafka = createKafka(config),
  ) {
    // The Java-compatible murmur2 partitioner, named explicitly: same key → same partition as any other client.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  ensureTopics(): Promise<void> {
    return ensureTopics(this.kafka, this.config);
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
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined; // the next append tries again
      throw error;
    });
    await this.connected;
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic(records)].map(([topic, list]) => ({
        topic,
        messages: list.map(({ key, value, headers }) => ({ key, value, headers: { ...headers }, [CREATED_IN]: headers.traceparent })),
      })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      sessionTimeout: this.config.consumerSessionTimeoutMs,
      rebalanceTimeout: this.config.consumerSessionTimeoutMs,
      heartbeatInterval: Math.floor(this.config.consumerSessionTimeoutMs / 5),
    });
    // A failed batch is rethrown: kafkajs hands it over again after its retry back-off.
    const run = new EachBatchRun(consumer, options, { by: 'client' });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: options.topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.concurrency,
        eachBatch: run.eachBatch,
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return { stop: () => run.stop(() => consumer.disconnect()) };
  }

  async probe(): Promise<void> {
    try {
      this.admin ??= await this.probeAdmin();
      await this.admin.describeCluster();
    } catch (error) {
      // A broken connection is not reused: the next probe connects anew.
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw error;
    }
  }

  /** An admin that fails fast and quietly: readiness and the start-up wait retry on their own terms. */
  private async probeAdmin(): Promise<Admin> {
    const quick = new Kafka({
      clientId: this.config.kafkaClientId,
      brokers: this.config.kafkaBrokers,
      connectionTimeout: 2_000,
      requestTimeout: 2_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
    const admin = quick.admin();
    await admin.connect();
    return admin;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    await this.appends.drained();
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
  }
}
