import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DomainEvent, decodeEvent } from '@app/events';
import { eventually } from './deadline';

/** Reads a topic from the beginning to its current end: the whole event log as it stands now. */
export async function readWholeTopic(
  topic: string,
  brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
): Promise<DomainEvent[]> {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const byPartition = new Map<number, DomainEvent[]>();
  const reached = new Set([...ends].filter(([, high]) => high === 0n).map(([p]) => p));
  const consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const decoded = decodeEvent(message.value);
      if (decoded.ok) byPartition.set(partition, [...(byPartition.get(partition) ?? []), decoded.event]);
      if (BigInt(message.offset) + 1n >= ends.get(partition)!) reached.add(partition);
    },
  });
  await eventually(`reading ${topic} to its end`, async () => (reached.size === ends.size ? true : undefined), 60_000);
  await consumer.disconnect();
  return [...byPartition.values()].flat();
}
