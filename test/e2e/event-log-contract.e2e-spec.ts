import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import {
  AppConfig,
  ConfluentEventLog,
  EventLog,
  KafkaEventLog,
  KafkaLogInspector,
  PlatformaticEventLog,
  TableEventLog,
  TableLogInspector,
  createDataSource,
  loadConfig,
  migrate,
} from '@app/platform';
import { LogUnderTest, eventLogContract } from '../contract/event-log.contract';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function openKafka(): Promise<LogUnderTest> {
  return openKafkaWith('contract', (config, client) => new KafkaEventLog(config, client()));
}

/** The second Kafka adapter; the inspector stays on kafkajs, so keys must land where kafkajs puts them. */
async function openPlatformatic(): Promise<LogUnderTest> {
  return openKafkaWith('contract-plt', (config) => new PlatformaticEventLog(config));
}

/** The third: librdkafka through @confluentinc/kafka-javascript's KafkaJS API. */
async function openConfluent(): Promise<LogUnderTest> {
  return openKafkaWith('contract-ckjs', (config) => new ConfluentEventLog(config));
}

async function openKafkaWith(topicPrefix: string, create: (config: AppConfig, client: () => Kafka) => EventLog): Promise<LogUnderTest> {
  const prefix = `${topicPrefix}-${randomBytes(4).toString('hex')}`;
  const config = loadConfig('contract', 0, {
    KAFKA_BROKERS: BROKERS,
    TOPIC_PREFIX: prefix,
    EVENT_PARTITIONS: '3',
    CONSUMER_SESSION_TIMEOUT_MS: '6000',
  });
  const client = () => new Kafka({ clientId: 'contract', brokers: config.kafkaBrokers, logLevel: logLevel.NOTHING });
  const log = create(config, client);
  const inspector = new KafkaLogInspector(client(), prefix);
  return {
    log,
    inspector,
    topic: config.topics.events,
    reopen: async () => create(config, client),
    async dispose() {
      await log.close();
      await inspector.close();
      const admin = client().admin();
      await admin.connect();
      await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`)) });
      await admin.disconnect();
    },
  };
}

async function withAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(sql).finally(() => admin.end());
}

async function openPostgresTable(): Promise<LogUnderTest> {
  const database = `contract_${randomBytes(4).toString('hex')}`;
  await withAdmin(`CREATE DATABASE ${database}`);
  const url = ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`);
  const open = async () => {
    const dataSource = await createDataSource(url, 4).initialize();
    await migrate(dataSource);
    return dataSource;
  };
  const dataSources = [await open()];
  const log = new TableEventLog(dataSources[0]);
  return {
    log,
    inspector: new TableLogInspector(dataSources[0]),
    topic: 'contract.events',
    async reopen() {
      const dataSource = await open();
      dataSources.push(dataSource);
      return new TableEventLog(dataSource);
    },
    async dispose() {
      await log.close();
      await Promise.all(dataSources.map((d) => d.destroy()));
      await withAdmin(`DROP DATABASE ${database}`);
    },
  };
}

eventLogContract('Kafka (kafkajs)', openKafka);
eventLogContract('Kafka (@platformatic/kafka)', openPlatformatic);
eventLogContract('Kafka (@confluentinc/kafka-javascript)', openConfluent);
eventLogContract('Postgres table on a Postgres server', openPostgresTable);
