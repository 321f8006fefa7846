import { DataSource } from 'typeorm';
import { AppConfig } from './config';
import { createDataSource, migrate } from './database/data-source';
import { NotificationListener, PgNotificationListener } from './database/notification-listener';
import { EventLog } from './event-log/event-log';
import { ConfluentEventLog } from './event-log/kafka/confluent-event-log';
import { KafkaEventLog } from './event-log/kafka/kafka-event-log';
import { PlatformaticEventLog } from './event-log/kafka/platformatic-event-log';
import { componentLogger } from './logging/component-logger';
import { kafkaDependency, postgresDependency } from './startup/dependencies';
import { pingPostgres } from './startup/ping-postgres';
import { waitForDependency } from './startup/wait-for-dependency';

/** What a service runs on: its database, its event log and a way to hear the database's NOTIFYs. */
export interface Infrastructure {
  dataSource(config: AppConfig): Promise<DataSource>;
  eventLog(config: AppConfig, dataSource: DataSource): Promise<EventLog>;
  notificationListener(config: AppConfig, dataSource: DataSource): NotificationListener;
  /** Releases what `dataSource` opened beyond the DataSource itself. */
  close(dataSource: DataSource): Promise<void>;
}

/** The Kafka adapter of the client library KAFKA_CLIENT names. */
export function kafkaEventLog(config: AppConfig): EventLog {
  if (config.kafkaClient === 'platformatic') return new PlatformaticEventLog(config);
  if (config.kafkaClient === 'confluent') return new ConfluentEventLog(config);
  return new KafkaEventLog(config);
}

const startupWait = (config: AppConfig) => ({ deadlineMs: config.startupWaitMs, logger: componentLogger('startup') });

/** The scaled deployment: a Postgres server (DATABASE_URL) and a Kafka cluster (KAFKA_BROKERS). */
export const DISTRIBUTED: Infrastructure = {
  async dataSource(config) {
    await waitForDependency(postgresDependency(config.databaseUrl), () => pingPostgres(config.databaseUrl), startupWait(config));
    const dataSource = await createDataSource(config.databaseUrl).initialize();
    if (process.env.MIGRATE_ON_START !== 'false') await migrate(dataSource);
    return dataSource;
  },
  async eventLog(config) {
    const log = kafkaEventLog(config);
    await waitForDependency(kafkaDependency(config.kafkaBrokers), () => log.probe(), startupWait(config));
    await log.ensureTopics();
    return log;
  },
  notificationListener: (config) => new PgNotificationListener(config.databaseUrl),
  async close(dataSource) {
    if (dataSource.isInitialized) await dataSource.destroy();
  },
};
