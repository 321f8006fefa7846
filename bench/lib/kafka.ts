import { Kafka, logLevel } from 'kafkajs';
import { EventLog, KafkaClientLibrary, KafkaEventLog, kafkaEventLog, loadConfig } from '@app/platform';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A kafkajs client with the services' retry settings but quiet logs (the bench prints a table). */
export function benchKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: BROKERS, logLevel: logLevel.ERROR, retry: { initialRetryTime: 100, retries: 8 } });
}

/** The services' Kafka event-log adapter on the bench's broker, with the given client library (kafkajs quiet). */
export function benchEventLog(clientId: string, library: KafkaClientLibrary = 'kafkajs'): EventLog {
  const config = loadConfig(clientId, 0, { ...process.env, KAFKA_BROKERS: BROKERS.join(','), KAFKA_CLIENT: library });
  return library === 'kafkajs' ? new KafkaEventLog(config, benchKafka(clientId)) : kafkaEventLog(config);
}

/** Creates a topic that keeps its records forever, like the services' topics; `config` adds topic settings. */
export async function createTopic(kafka: Kafka, topic: string, numPartitions: number, config: Record<string, string> = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const configEntries = Object.entries({ 'retention.ms': '-1', ...config }).map(([name, value]) => ({ name, value }));
    await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: -1, configEntries }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Deletes every topic whose name starts with `prefix.` (a bench run's own topics). */
export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${prefix}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Records in a topic (the sum of its partitions' end offsets; the bench's topics are never compacted). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  } finally {
    await admin.disconnect();
  }
}
