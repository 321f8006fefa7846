import { Kafka } from 'kafkajs';
import { AppConfig } from '../../config';

/**
 * Creates the project's topics if missing (idempotent). Domain events keep forever (they are the
 * source of truth that replay folds); the dead-letter topic too, so nothing is silently lost.
 * Topics must exist before any consumer subscribes: kafkajs on KRaft fails on a missing topic.
 */
export async function ensureTopics(kafka: Kafka, config: AppConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const forever = [{ name: 'retention.ms', value: '-1' }];
    const wanted = [
      { topic: config.topics.events, numPartitions: config.eventPartitions, configEntries: forever },
      { topic: config.topics.linkChanged, numPartitions: config.eventPartitions, configEntries: forever },
      { topic: config.topics.deadLetter, numPartitions: 1, configEntries: forever },
    ].filter((t) => !existing.has(t.topic));
    if (wanted.length > 0) {
      await admin.createTopics({ topics: wanted.map((t) => ({ ...t, replicationFactor: -1 })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
