import { TopicNames, topicNames } from '@app/events';

/** Every setting a service reads, with its default; README "Configuration" lists the same. */
export interface AppConfig {
  readonly kafkaBrokers: string[];
  readonly kafkaClientId: string;
  /** The Kafka client library behind the event log (the port is the same). */
  readonly kafkaClient: KafkaClientLibrary;
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly topics: TopicNames;
  /** Consumer group ids are `<prefix>.<service>`. */
  readonly consumerGroupPrefix: string;
  readonly eventPartitions: number;
  readonly sendTimeoutMs: number;
  readonly accessHashSecret: string;
  readonly outboxSweepMs: number;
  /** How long published outbox rows are kept before the sweeper deletes them. */
  readonly outboxRetentionMs: number;
  /** How soon the group notices a consumer that died without leaving (kill -9, lost node). */
  readonly consumerSessionTimeoutMs: number;
  /** Batches of different partitions applied at once by one consumer (each takes a database connection). */
  readonly partitionsConsumedConcurrently: number;
}

export class ConfigError extends Error {}

export const KAFKA_CLIENT_LIBRARIES = ['kafkajs', 'platformatic'] as const;
export type KafkaClientLibrary = (typeof KAFKA_CLIENT_LIBRARIES)[number];

function kafkaClientLibrary(env: NodeJS.ProcessEnv): KafkaClientLibrary {
  const raw = env.KAFKA_CLIENT;
  if (raw === undefined || raw === '') return 'kafkajs';
  const library = KAFKA_CLIENT_LIBRARIES.find((name) => name === raw);
  if (!library) throw new ConfigError(`KAFKA_CLIENT must be one of ${KAFKA_CLIENT_LIBRARIES.join(', ')}, got ${JSON.stringify(raw)}`);
  return library;
}

/** With neither KAFKA_BROKERS nor DATABASE_URL set, the system runs embedded (npm start, the ops CLI). */
export function runsEmbedded(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.KAFKA_BROKERS && !env.DATABASE_URL;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function loadConfig(service: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must name at least one host:port');
  return {
    kafkaBrokers: brokers,
    kafkaClientId: env.KAFKA_CLIENT_ID ?? service,
    kafkaClient: kafkaClientLibrary(env),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/contact_links',
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', defaultPort, 0, 65535),
    topics: topicNames(env),
    consumerGroupPrefix: env.CONSUMER_GROUP_PREFIX ?? env.TOPIC_PREFIX ?? 'contact-links',
    eventPartitions: integer(env, 'EVENT_PARTITIONS', 6, 1, 1000),
    sendTimeoutMs: integer(env, 'SEND_TIMEOUT_MS', 10_000, 100, 600_000),
    accessHashSecret: env.ACCESS_HASH_SECRET ?? 'dev-only-access-hash-secret',
    outboxSweepMs: integer(env, 'OUTBOX_SWEEP_MS', 2_000, 100, 600_000),
    outboxRetentionMs: integer(env, 'OUTBOX_RETENTION_MS', 3_600_000, 0, 30 * 86_400_000),
    consumerSessionTimeoutMs: integer(env, 'CONSUMER_SESSION_TIMEOUT_MS', 10_000, 6_000, 300_000),
    partitionsConsumedConcurrently: integer(env, 'CONSUMER_CONCURRENCY', 4, 1, 64),
  };
}
