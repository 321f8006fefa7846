import { TopicNames, topicNames } from '@app/events';

/** Every setting a service reads, with its default; README "Configuration" lists the same. */
export interface AppConfig {
  /** The service's name, as its log lines carry it. */
  readonly service: string;
  /** The lowest level written to the log (LOG_LEVEL). */
  readonly logLevel: LogLevel;
  /** NODE_ENV=production: development settings are refused at start (docs/invariants.md). */
  readonly production: boolean;
  readonly kafkaBrokers: string[];
  readonly kafkaClientId: string;
  /** The Kafka client library behind the event log (the port is the same). */
  readonly kafkaClient: KafkaClientLibrary;
  readonly databaseUrl: string;
  /**
   * The embedded mode's database (EMBEDDED_DATABASE); unset: the kind DATA_DIR already holds, else a
   * PostgreSQL server where its binaries are installed, else PGlite (chooseEmbeddedDatabase).
   */
  readonly embeddedDatabase: EmbeddedDatabaseKind | undefined;
  /** How long a start waits for Postgres and Kafka to answer before it gives up (STARTUP_WAIT_SECONDS). */
  readonly startupWaitMs: number;
  readonly host: string;
  readonly port: number;
  /** Prometheus `/metrics` is served on a port of its own, never on the API's. */
  readonly metricsPort: number;
  readonly topics: TopicNames;
  /** Consumer group ids are `<prefix>.<service>`. */
  readonly consumerGroupPrefix: string;
  readonly eventPartitions: number;
  readonly sendTimeoutMs: number;
  /** Calls one process works on at once; the next is refused with 503 SERVER_OVERLOADED (MAX_CALLS_IN_FLIGHT). */
  readonly maxCallsInFlight: number;
  /** Keys access hashes and login-code hashes. */
  readonly accessHashSecret: string;
  readonly outboxSweepMs: number;
  /** How long published outbox rows are kept before the sweeper deletes them. */
  readonly outboxRetentionMs: number;
  /** How soon the group notices a consumer that died without leaving (kill -9, lost node). */
  readonly consumerSessionTimeoutMs: number;
  /**
   * Batches of different partitions one consumer takes at once; those in hand together go into one
   * transaction, so at least the partitions a member holds makes one fetch one transaction.
   */
  readonly partitionsConsumedConcurrently: number;
  /**
   * How a consumer's batches in hand become transactions: at most `lanes` at once (while one waits
   * on the database, the next is prepared), each of whole partition batches up to about `events`
   * events (at least one batch, however large). Two lanes of 2,000 folded a large log 20-30 % faster
   * than one transaction of everything in hand, with 60-100 MB less peak RSS (bench/README).
   */
  readonly consumerTransactions: { readonly lanes: number; readonly events: number };
  readonly auth: AuthConfig;
  /** Live updates over SSE (`GET /v1/updates`). */
  readonly streams: StreamsConfig;
  /** How long what grows with traffic is kept (README "Limits and retention"). */
  readonly retention: RetentionConfig;
}

export interface RetentionConfig {
  /** Consumers' event-id ledger; at least `sendsMs`, so a retried send's events are still known. */
  readonly ledgerMs: number;
  /** Sends and their results: a retry with the same random_id within this returns the first result. */
  readonly sendsMs: number;
  /** Entries kept per user feed; a client further behind gets the oldest kept onwards. */
  readonly feedEntries: number;
  /** Embedded mode: consumed records of the derived topics (LinkChanged, dead letters) in the table log. */
  readonly eventLogMs: number;
}

export interface StreamsConfig {
  readonly perUser: number;
  /** Streams one gateway process serves at once; each holds at most a 64 KiB page and the socket's buffer. */
  readonly max: number;
  /** A reader that takes nothing for this long while data waits is cut off. */
  readonly slowReaderMs: number;
}

export const CODE_SENDERS = ['log', 'webhook'] as const;
export type CodeSenderKind = (typeof CODE_SENDERS)[number];

/** Login, sessions and the limits on phone lookups (docs/api.md). */
export interface AuthConfig {
  readonly sessionTtlSeconds: number;
  readonly loginCodeTtlSeconds: number;
  /** Tries per phone_code_hash, right or wrong; then the hash answers FLOOD_WAIT until it expires. */
  readonly loginCodeAttempts: number;
  /** Telegram's test numbers 99966XYYYY (code X five times, nothing sent): development only. */
  readonly testNumbers: boolean;
  readonly codeSender: CodeSenderKind;
  /** The operator's SMS gateway (CODE_SENDER=webhook): where codes are POSTed, the HMAC key, tries per code. */
  readonly codeWebhook: { readonly url: string; readonly secret: string; readonly attempts: number };
  /** Phone lookups (sendCode, checkPhone, imported phones, contact cards) per window. */
  readonly limits: {
    readonly windowSeconds: number;
    readonly lookupsPerUser: number;
    readonly lookupsPerAddress: number;
    readonly codesPerPhone: number;
  };
  /** Hops of reverse proxies in front of the gateway whose X-Forwarded-For is trusted for the client address. */
  readonly trustedProxies: number;
}

export class ConfigError extends Error {}

/** The value used when ACCESS_HASH_SECRET is not set outside production; production refuses it. */
export const DEVELOPMENT_ACCESS_HASH_SECRET = 'dev-only-access-hash-secret';
const MIN_SECRET_BYTES = 32;

/** pino's levels, most severe first; `silent` writes nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function logLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info');
}

/** The settings' secret values, which no log line may carry (the logger censors them wherever they appear). */
export function secretValues(env: NodeJS.ProcessEnv = process.env): string[] {
  // A value too short to be a secret (production refuses it anyway) would scrub ordinary words out of lines.
  return [env.ACCESS_HASH_SECRET, env.CODE_WEBHOOK_SECRET].filter((secret): secret is string => !!secret && secret.length >= 8);
}

export const KAFKA_CLIENT_LIBRARIES = ['kafkajs', 'platformatic', 'confluent'] as const;
export type KafkaClientLibrary = (typeof KAFKA_CLIENT_LIBRARIES)[number];

/** The embedded mode's databases: a PostgreSQL server it runs itself (fsync on), or PGlite in the process (no fsync). */
export const EMBEDDED_DATABASES = ['postgres', 'pglite'] as const;
export type EmbeddedDatabaseKind = (typeof EMBEDDED_DATABASES)[number];

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const choice = choices.find((c) => c === raw);
  if (!choice) throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
  return choice;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
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

/** `/metrics` port when METRICS_PORT is unset: the API's default port + 6400 (gateway 9400, projector 9401, assembler 9402). */
export const metricsPortFor = (defaultPort: number) => (defaultPort === 0 ? 0 : defaultPort + 6400);

function authConfig(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  const codeSender = oneOf(env, 'CODE_SENDER', CODE_SENDERS, production ? 'webhook' : 'log');
  const url = env.CODE_WEBHOOK_URL ?? '';
  return {
    sessionTtlSeconds: integer(env, 'SESSION_TTL_SECONDS', 180 * 86_400, 1, 10 * 365 * 86_400),
    loginCodeTtlSeconds: integer(env, 'LOGIN_CODE_TTL_SECONDS', 300, 1, 3_600),
    loginCodeAttempts: integer(env, 'LOGIN_CODE_ATTEMPTS', 5, 1, 100),
    testNumbers: flag(env, 'TEST_NUMBERS', false),
    codeSender,
    codeWebhook: { url, secret: env.CODE_WEBHOOK_SECRET ?? '', attempts: integer(env, 'CODE_WEBHOOK_ATTEMPTS', 3, 1, 10) },
    limits: {
      windowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 3_600, 1, 86_400),
      lookupsPerUser: integer(env, 'PHONE_LOOKUPS_PER_USER', 5_000, 1, 10_000_000),
      lookupsPerAddress: integer(env, 'PHONE_LOOKUPS_PER_ADDRESS', 20_000, 1, 10_000_000),
      codesPerPhone: integer(env, 'LOGIN_CODES_PER_PHONE', 10, 1, 10_000),
    },
    trustedProxies: integer(env, 'TRUSTED_PROXIES', 0, 0, 10),
  };
}

function retentionConfig(env: NodeJS.ProcessEnv): RetentionConfig {
  const day = 86_400_000;
  const sendsMs = integer(env, 'SEND_RETENTION_MS', day, 1_000, 365 * day);
  const ledgerMs = integer(env, 'LEDGER_RETENTION_MS', Math.max(day, sendsMs), 1_000, 365 * day);
  if (ledgerMs < sendsMs)
    throw new ConfigError(
      `LEDGER_RETENTION_MS (${ledgerMs}) must be at least SEND_RETENTION_MS (${sendsMs}): a retried send republishes its events`,
    );
  return {
    ledgerMs,
    sendsMs,
    feedEntries: integer(env, 'FEED_MAX_ENTRIES', 10_000, 100, 10_000_000),
    eventLogMs: integer(env, 'EVENT_LOG_RETENTION_MS', day, 1_000, 365 * day),
  };
}

/**
 * Whether this process traces (README "Tracing"). The OpenTelemetry SDK reads its own OTEL_*
 * settings (endpoint, protocol, sampler, batching); these decide whether it is loaded at all: only
 * with an exporter configured, so a process that exports nowhere pays nothing for tracing.
 */
export interface TracingSettings {
  readonly enabled: boolean;
  /** Links a span keeps: a consumer's batch span links every record it carries, and batches outgrow the SDK's 128. */
  readonly linkCountLimit: number;
}

export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const exporting =
    exporters.length > 0
      ? exporters.some((e) => e !== 'none')
      : Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  return {
    enabled: !flag(env, 'OTEL_SDK_DISABLED', false) && exporting,
    linkCountLimit: integer(env, 'OTEL_SPAN_LINK_COUNT_LIMIT', 1_000, 0, 100_000),
  };
}

/**
 * What production refuses (docs/invariants.md), each problem as a sentence naming the setting. Every
 * service of a deployment gets the same settings, so each one checks all of them at start.
 */
export function developmentSettings(config: AppConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const secret = env.ACCESS_HASH_SECRET ?? '';
  if (secret === '') problems.push('ACCESS_HASH_SECRET is not set');
  else if (secret === DEVELOPMENT_ACCESS_HASH_SECRET) problems.push('ACCESS_HASH_SECRET is the development value');
  else if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) problems.push(`ACCESS_HASH_SECRET is shorter than ${MIN_SECRET_BYTES} bytes`);
  if (config.auth.testNumbers) problems.push('TEST_NUMBERS is on (test numbers sign in with a known code)');
  if (config.auth.codeSender === 'log') problems.push('CODE_SENDER is log (login codes would be written to the log)');
  const webhook = config.auth.codeWebhook;
  if (config.auth.codeSender === 'webhook') {
    if (webhook.url === '') problems.push('CODE_WEBHOOK_URL is not set (where login codes go)');
    if (Buffer.byteLength(webhook.secret) < MIN_SECRET_BYTES)
      problems.push(`CODE_WEBHOOK_SECRET is ${webhook.secret ? `shorter than ${MIN_SECRET_BYTES} bytes` : 'not set'}`);
  }
  return problems;
}

export function loadConfig(service: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new ConfigError('KAFKA_BROKERS must name at least one host:port');
  const production = env.NODE_ENV === 'production';
  return {
    service,
    logLevel: logLevel(env),
    production,
    kafkaBrokers: brokers,
    kafkaClientId: env.KAFKA_CLIENT_ID ?? service,
    kafkaClient: oneOf(env, 'KAFKA_CLIENT', KAFKA_CLIENT_LIBRARIES, 'kafkajs'),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/contact_links',
    embeddedDatabase: env.EMBEDDED_DATABASE ? oneOf(env, 'EMBEDDED_DATABASE', EMBEDDED_DATABASES, 'postgres') : undefined,
    startupWaitMs: integer(env, 'STARTUP_WAIT_SECONDS', 60, 0, 3_600) * 1000,
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', defaultPort, 0, 65535),
    metricsPort: integer(env, 'METRICS_PORT', metricsPortFor(defaultPort), 0, 65535),
    topics: topicNames(env),
    consumerGroupPrefix: env.CONSUMER_GROUP_PREFIX ?? env.TOPIC_PREFIX ?? 'contact-links',
    eventPartitions: integer(env, 'EVENT_PARTITIONS', 6, 1, 1000),
    sendTimeoutMs: integer(env, 'SEND_TIMEOUT_MS', 10_000, 100, 600_000),
    maxCallsInFlight: integer(env, 'MAX_CALLS_IN_FLIGHT', 256, 1, 1_000_000),
    accessHashSecret: env.ACCESS_HASH_SECRET || DEVELOPMENT_ACCESS_HASH_SECRET,
    outboxSweepMs: integer(env, 'OUTBOX_SWEEP_MS', 2_000, 100, 600_000),
    outboxRetentionMs: integer(env, 'OUTBOX_RETENTION_MS', 3_600_000, 0, 30 * 86_400_000),
    consumerSessionTimeoutMs: integer(env, 'CONSUMER_SESSION_TIMEOUT_MS', 10_000, 6_000, 300_000),
    partitionsConsumedConcurrently: integer(env, 'CONSUMER_CONCURRENCY', 16, 1, 64),
    consumerTransactions: {
      lanes: integer(env, 'CONSUMER_TRANSACTIONS', 2, 1, 16),
      events: integer(env, 'CONSUMER_TRANSACTION_EVENTS', 2_000, 1, 1_000_000),
    },
    auth: authConfig(env, production),
    retention: retentionConfig(env),
    streams: {
      perUser: integer(env, 'SSE_STREAMS_PER_USER', 5, 1, 1_000),
      max: integer(env, 'SSE_STREAMS_MAX', 1_000, 1, 1_000_000),
      slowReaderMs: integer(env, 'SSE_SLOW_READER_MS', 30_000, 100, 3_600_000),
    },
  };
}
