import { Kafka } from 'kafkajs';
import { AppConfig } from '../../config';
import { sleep } from './batch-delivery';

/** A topic the services need, in kafkajs's createTopics shape (the confluent client takes the same). */
export interface ProjectTopic {
  readonly topic: string;
  readonly numPartitions: number;
  readonly replicationFactor: number;
  readonly configEntries: { name: string; value: string }[];
}

/**
 * The project's topics missing from `existing`, for every Kafka adapter. Domain events keep
 * forever (they are the source of truth that replay folds); the dead-letter topic too, so nothing
 * is silently lost. Replicas: the broker's default.
 */
export function missingTopics(config: AppConfig, existing: ReadonlySet<string>): ProjectTopic[] {
  const forever = [{ name: 'retention.ms', value: '-1' }];
  return [
    { topic: config.topics.events, numPartitions: config.eventPartitions, configEntries: forever },
    { topic: config.topics.linkChanged, numPartitions: config.eventPartitions, configEntries: forever },
    { topic: config.topics.deadLetter, numPartitions: 1, configEntries: forever },
  ]
    .filter((t) => !existing.has(t.topic))
    .map((t) => ({ ...t, replicationFactor: -1 }));
}

/**
 * Creates the project's topics if missing (idempotent), through kafkajs. Topics must exist before
 * any consumer subscribes: kafkajs on KRaft fails on a missing topic.
 */
export async function ensureTopics(kafka: Kafka, config: AppConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = missingTopics(config, new Set(await admin.listTopics()));
    if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every partition of new topics has a leader, like kafkajs's createTopics
 * `waitForLeaders`, for the clients without it: `leadersKnown` asks the cluster's metadata.
 * Gives up quietly after 10 s (a consumer then waits for the leader itself).
 */
export async function waitForLeaders(leadersKnown: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await leadersKnown().catch(() => false)) && Date.now() < deadline) await sleep(100);
}
