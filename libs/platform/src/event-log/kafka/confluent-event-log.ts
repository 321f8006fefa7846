import type { KafkaJS } from '@confluentinc/kafka-javascript';
import { AppConfig, ConfigError } from '../../config';
import { componentLogger } from '../../logging/component-logger';
import { EventLog, OutgoingRecord, SubscribeOptions, Subscription, byTopic } from '../event-log';
import { EachBatchRun } from './batch-delivery';
import { FETCH_MAX_WAIT_MS } from './fetch-wait';
import { missingTopics, waitForLeaders } from './kafka-topics';

type Confluent = typeof KafkaJS;

/** The package's name, for the message that says it is missing. */
export const CONFLUENT_PACKAGE = '@confluentinc/kafka-javascript';

let loaded: Confluent | undefined;

/**
 * The client's KafkaJS API, loaded on first use: processes on the other clients never load the
 * native module. A plain require (CommonJS, so jest's loader can run it, and the objects the
 * adapter hands it are of its realm: it checks `instanceof Object`). It is an optional
 * dependency: `npm ci` builds librdkafka from the source in the package (see README, "Kafka
 * client"), and a machine where that build failed has no package.
 */
export function confluentKafkaJs(): Confluent {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = (require(CONFLUENT_PACKAGE) as { KafkaJS: Confluent }).KafkaJS;
    } catch (error) {
      // A setting this machine cannot serve: refused at start in one line.
      throw new ConfigError(
        `KAFKA_CLIENT=confluent needs ${CONFLUENT_PACKAGE}, an optional dependency whose native module is built from its bundled ` +
          `librdkafka source by npm ci (with CKJS_LINKING=dynamic, see README "Kafka client"); it does not load here: ${(error as Error).message.split('\n')[0]}`,
        { cause: error },
      );
    }
  }
  return loaded;
}

/** What eachBatch hands over at most of one partition: about kafkajs's batch, one 1 MiB fetch of a partition of ~420-byte events. */
const MAX_BATCH_RECORDS = 2_500;
/**
 * How long an append may wait for the broker before it fails (librdkafka's default is 5 minutes):
 * about kafkajs's retry budget, so a consumer's append inside its open transaction fails, and the
 * batch is retried, rather than holding the transaction for minutes while the broker is away.
 */
const APPEND_TIMEOUT_MS = 30_000;
/** kafkajs's levels, which the KafkaJS API uses too. */
const LEVEL = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 3, DEBUG: 4 } as const;

/** The client's log lines (librdkafka's and its own), as JSON lines of the service's logger. */
function serviceLogger(): KafkaJS.Logger {
  const logger = componentLogger('kafka');
  let level: number = LEVEL.WARN;
  const line = (message: string, extra?: object) => {
    const { fac, name } = (extra ?? {}) as { fac?: unknown; name?: unknown };
    return { msg: message, kafka: fac, client: name };
  };
  const self: KafkaJS.Logger = {
    error: (message, extra) => void (level >= LEVEL.ERROR && logger.error(line(message, extra))),
    warn: (message, extra) => void (level >= LEVEL.WARN && logger.warn(line(message, extra))),
    info: (message, extra) => void (level >= LEVEL.INFO && logger.info(line(message, extra))),
    debug: (message, extra) => void (level >= LEVEL.DEBUG && logger.debug(line(message, extra))),
    namespace: () => self,
    setLogLevel: (next) => void (level = next),
  };
  return self;
}

/**
 * The event log on a Kafka cluster through @confluentinc/kafka-javascript (librdkafka), with the
 * semantics of KafkaEventLog (kafkajs), through the client's KafkaJS API: an idempotent producer
 * (acks from all in-sync replicas) with librdkafka's murmur2_random partitioner, which puts a key
 * where kafkajs's DefaultPartitioner and the Java client do; subscriptions are group members that
 * commit a partition's position only after the handler finished its batch (EachBatchRun, shared
 * with kafkajs). Chosen with KAFKA_CLIENT=confluent.
 *
 * Appends are not queued in front of the producer (AppendQueue): librdkafka batches what is
 * produced while a request is in flight itself, keeps order per partition across retries with up
 * to five requests in flight (idempotence), and sizes requests to the broker's limit. A failed
 * batch is retried in place after a back-off: the client would hand it over again at once.
 * Its groups use librdkafka's `roundrobin` protocol name: a group cannot hold kafkajs members
 * (`RoundRobinAssigner`) at the same time, so a switch of KAFKA_CLIENT stops a group's old
 * members before the new ones consume.
 */
export class ConfluentEventLog implements EventLog {
  readonly kind = 'kafka';
  private readonly kafka: KafkaJS.Kafka;
  private producer?: Promise<KafkaJS.Producer>;
  private probeAdmin?: KafkaJS.Admin;
  private readonly appending = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly logger = componentLogger('kafka');

  constructor(private readonly config: AppConfig) {
    this.kafka = new (confluentKafkaJs().Kafka)({
      kafkaJS: {
        clientId: config.kafkaClientId,
        brokers: config.kafkaBrokers,
        logLevel: LEVEL.WARN,
        logger: serviceLogger(),
        retry: { initialRetryTime: 100, retries: 8 },
      },
    });
  }

  async ensureTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const wanted = missingTopics(this.config, new Set(await admin.listTopics()));
      if (wanted.length === 0) return;
      await admin.createTopics({ topics: wanted }); // a topic another process created meanwhile is no error
      const topics = wanted.map((t) => t.topic);
      await waitForLeaders(async () =>
        (await admin.fetchTopicMetadata({ topics })).every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
      );
    } finally {
      await admin.disconnect();
    }
  }

  /** Kafka is not in the consumer's database: the records go out now, before its commit. */
  async appendWithin(_tx: unknown, records: readonly OutgoingRecord[]): Promise<() => void> {
    await this.append(records);
    return () => undefined;
  }

  async append(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = await this.producerOf();
    const sent = producer.sendBatch({
      topicMessages: [...byTopic(records)].map(([topic, list]) => ({
        topic,
        messages: list.map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })),
      })),
    });
    this.appending.add(sent);
    try {
      await sent;
    } finally {
      this.appending.delete(sent);
    }
  }

  /** The connected producer; one that failed to connect is dropped, and the next append makes another. */
  private producerOf(): Promise<KafkaJS.Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        kafkaJS: { idempotent: true, acks: -1, allowAutoTopicCreation: false },
        'linger.ms': 0, // no wait when idle; under load librdkafka batches what queues behind a request
        'message.timeout.ms': APPEND_TIMEOUT_MS,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const session = this.config.consumerSessionTimeoutMs;
    const consumer = this.kafka.consumer({
      kafkaJS: {
        groupId: options.group,
        fromBeginning: true,
        autoCommit: false,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
        sessionTimeout: session,
        rebalanceTimeout: session,
        heartbeatInterval: Math.floor(session / 5),
      },
      'js.consumer.max.batch.size': MAX_BATCH_RECORDS,
    });
    const run = new EachBatchRun(consumer, options, { by: 'here', logger: this.logger });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [options.topic] });
      await consumer.run({ eachBatchAutoResolve: false, partitionsConsumedConcurrently: options.concurrency, eachBatch: run.eachBatch });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await run.stop(() => consumer.disconnect());
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async probe(): Promise<void> {
    try {
      this.probeAdmin ??= await this.quickAdmin();
      await this.probeAdmin.listTopics({ timeout: 2_000 });
    } catch (error) {
      // A broken client is not reused: the next probe makes another.
      await this.probeAdmin?.disconnect().catch(() => undefined);
      this.probeAdmin = undefined;
      throw error;
    }
  }

  /** An admin that fails fast and quietly: readiness and the start-up wait retry on their own terms. */
  private async quickAdmin(): Promise<KafkaJS.Admin> {
    const quick = new (confluentKafkaJs().Kafka)({
      kafkaJS: {
        clientId: this.config.kafkaClientId,
        brokers: this.config.kafkaBrokers,
        connectionTimeout: 2_000,
        logLevel: LEVEL.NOTHING,
      },
    });
    const admin = quick.admin();
    await admin.connect();
    return admin;
  }

  /** Stops the subscriptions still running (their batches in hand finish first), waits for the appends made, then disconnects. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop().catch(() => undefined)));
    await this.probeAdmin?.disconnect().catch(() => undefined);
    this.probeAdmin = undefined;
    await Promise.allSettled([...this.appending]);
    const producer = await this.producer?.catch(() => undefined);
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}
