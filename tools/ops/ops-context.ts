import { Kafka, logLevel } from 'kafkajs';
import { CONSUMERS } from '@app/events';
import { Client, Pool } from 'pg';
import { AppConfig, EventLog, KafkaEventLog, KafkaLogInspector, LogInspector, loadConfig, runsEmbedded } from '@app/platform';
import { openEmbeddedOpsContext } from './embedded-ops-context';
import { pgAccess } from './pg-access';

/** The consumers' group suffixes and ledger names (`processed_events.consumer`). */
export const { projector: PROJECTOR, assembler: ASSEMBLER } = CONSUMERS;

/** Settings and connections every command uses; the same env variables as the services. */
export interface OpsContext {
  readonly config: AppConfig;
  /** The event log, for writing (generate-log). */
  readonly log: EventLog;
  /** The event log, for reading positions and records. */
  readonly inspector: LogInspector;
  groupId(service: string): string;
  /** Runs `work` with one Postgres connection, closed afterwards. */
  withDb<T>(work: (db: Client) => Promise<T>): Promise<T>;
  /** Runs `work` with a pool of `size` connections, for writes that go in parallel. */
  withPool<T>(size: number, work: (pool: Pool) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The deployment the environment names, as the services would pick it; `create` lets a command start an empty embedded folder. */
export function openOpsContext(env: NodeJS.ProcessEnv = process.env, options: { create?: boolean } = {}): Promise<OpsContext> {
  return runsEmbedded(env) ? openEmbeddedOpsContext(env, options) : Promise.resolve(createOpsContext(env));
}

/** The distributed deployment's log and database: KAFKA_BROKERS and DATABASE_URL. */
export function createOpsContext(env: NodeJS.ProcessEnv = process.env): OpsContext {
  const config = loadConfig('ops', 0, env);
  // Not createKafka(): the services log kafkajs as JSON on stdout, and stdout is this tool's answer.
  const kafka = new Kafka({
    clientId: config.kafkaClientId,
    brokers: config.kafkaBrokers,
    // Failures surface as the command's error; kafkajs's own retry chatter only with OPS_DEBUG=1.
    logLevel: env.OPS_DEBUG === '1' ? logLevel.INFO : logLevel.NOTHING,
    logCreator:
      () =>
      ({ namespace, log }) =>
        process.stderr.write(`kafka ${namespace}: ${log.message}\n`),
    retry: { initialRetryTime: 100, retries: 5 },
  });
  const log = new KafkaEventLog(config, kafka);
  const inspector = new KafkaLogInspector(kafka, config.consumerGroupPrefix);
  return {
    config,
    log,
    inspector,
    groupId: (service) => `${config.consumerGroupPrefix}.${service}`,
    ...pgAccess(() => ({ connectionString: config.databaseUrl })),
    async close() {
      await Promise.all([log.close(), inspector.close()]);
    },
  };
}
