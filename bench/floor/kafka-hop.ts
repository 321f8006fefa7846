import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Consumer } from 'kafkajs';
import { EventPublisher } from '@app/platform';
import { benchKafka, createTopic, deleteTopics } from '../lib/kafka';
import { inParallel } from '../lib/json-http';
import { LatencySummary, summarize } from '../lib/stats';

export interface KafkaFloor {
  readonly hop: LatencySummary;
  /** Messages/s produced in batches of BATCH and consumed, one request in flight. */
  readonly batchedMsgsPerSecond: number;
  /** Messages/s with one message per produce call from many concurrent callers (how the gateway publishes). */
  readonly perCallMsgsPerSecond: number;
}

const PARTITIONS = 6;
const BATCH = 1_000;
const CALLERS = 64;
/** About the size of an encoded MessageSent event. */
const VALUE = Buffer.alloc(420, 'x');

/**
 * One Kafka hop with the services' client settings: the idempotent EventPublisher (acks=-1, one
 * request in flight) into a topic of EVENT_PARTITIONS' default size, read by a consumer with the
 * ledger consumer's maxWaitTimeInMs of 50.
 */
export async function measureKafkaFloor(pings: number, batchedMessages: number, perCallMessages: number): Promise<KafkaFloor> {
  const prefix = `bench-floor-${randomBytes(3).toString('hex')}`;
  const topic = `${prefix}.hop`;
  const kafka = benchKafka('bench-floor');
  await createTopic(kafka, topic, PARTITIONS);
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  const arrivals = new Arrivals();
  const consumer = kafka.consumer({ groupId: `${prefix}.consumer`, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
  try {
    await startConsumer(consumer, topic, arrivals);
    const hop = summarize(await pingLatencies(publisher, topic, arrivals, pings));
    const batchedMsgsPerSecond = await throughput(arrivals, batchedMessages, async (from, to) => {
      for (let i = from; i < to; i += BATCH) {
        const messages = [];
        for (let j = i; j < Math.min(to, i + BATCH); j++) messages.push(message(j));
        await publisher.publishRaw(topic, messages);
      }
    });
    const perCallMsgsPerSecond = await throughput(arrivals, perCallMessages, async (from, to) => {
      const ids = Array.from({ length: to - from }, (_, k) => from + k);
      await inParallel(ids, CALLERS, (id) => publisher.publishRaw(topic, [message(id)]));
    });
    return { hop, batchedMsgsPerSecond, perCallMsgsPerSecond };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await publisher.disconnect().catch(() => undefined);
    await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

function message(id: number) {
  return { key: `k${id % 997}`, value: VALUE, headers: { seq: String(id) } };
}

/** Arrival time per sequence number, and waiters for a given count of arrivals. */
class Arrivals {
  readonly at = new Map<number, number>();
  last = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  add(seq: number, now: number): void {
    this.at.set(seq, now);
    this.last = Math.max(this.last, now);
    this.waiters = this.waiters.filter((w) => (this.at.size >= w.count ? (w.resolve(), false) : true));
  }

  reset(): void {
    this.at.clear();
    this.last = 0;
  }

  until(count: number, timeoutMs = 120_000): Promise<void> {
    if (this.at.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.at.size}/${count} messages arrived`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

async function startConsumer(consumer: Consumer, topic: string, arrivals: Arrivals): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let assigned!: () => void;
  const joined = new Promise<void>((resolve) => (assigned = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => assigned());
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const m of batch.messages) arrivals.add(Number(m.headers?.seq?.toString()), now);
    },
  });
  await joined;
}

/** Sequential pings: each message is sent once the previous one arrived. */
async function pingLatencies(publisher: EventPublisher, topic: string, arrivals: Arrivals, pings: number): Promise<number[]> {
  const warmup = Math.min(100, pings);
  const latencies: number[] = [];
  arrivals.reset();
  for (let i = 0; i < warmup + pings; i++) {
    const sent = performance.now();
    await publisher.publishRaw(topic, [message(i)]);
    await arrivals.until(i + 1, 30_000);
    if (i >= warmup) latencies.push(arrivals.at.get(i)! - sent);
  }
  return latencies;
}

/** Messages/s from the first produce until the last message arrived at the consumer. */
async function throughput(arrivals: Arrivals, count: number, produce: (from: number, to: number) => Promise<void>): Promise<number> {
  arrivals.reset();
  const started = performance.now();
  await produce(0, count);
  await arrivals.until(count);
  return count / ((arrivals.last - started) / 1000);
}
