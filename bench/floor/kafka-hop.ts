import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { EventLog, KafkaClientLibrary, Subscription } from '@app/platform';
import { benchEventLog, benchKafka, createTopic, deleteTopics } from '../lib/kafka';
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
 * One Kafka hop through the services' event-log adapter (either client library): its idempotent producer (acks=-1, one
 * request in flight) into a topic of EVENT_PARTITIONS' default size, read by a subscription with
 * the services' consumer settings (offsets committed after each batch).
 */
export async function measureKafkaFloor(
  pings: number,
  batchedMessages: number,
  perCallMessages: number,
  library: KafkaClientLibrary = 'kafkajs',
): Promise<KafkaFloor> {
  const prefix = `bench-floor-${randomBytes(3).toString('hex')}`;
  const topic = `${prefix}.hop`;
  const kafka = benchKafka('bench-floor');
  await createTopic(kafka, topic, PARTITIONS);
  const log = benchEventLog('bench-floor', library);
  const arrivals = new Arrivals();
  let subscription: Subscription | undefined;
  try {
    subscription = await startConsumer(log, `${prefix}.consumer`, topic, arrivals);
    const hop = summarize(await pingLatencies(log, topic, arrivals, pings));
    const batchedMsgsPerSecond = await throughput(arrivals, batchedMessages, async (from, to) => {
      for (let i = from; i < to; i += BATCH) {
        const messages = [];
        for (let j = i; j < Math.min(to, i + BATCH); j++) messages.push(message(topic, j));
        await log.append(messages);
      }
    });
    const perCallMsgsPerSecond = await throughput(arrivals, perCallMessages, async (from, to) => {
      const ids = Array.from({ length: to - from }, (_, k) => from + k);
      await inParallel(ids, CALLERS, (id) => log.append([message(topic, id)]));
    });
    return { hop, batchedMsgsPerSecond, perCallMsgsPerSecond };
  } finally {
    await subscription?.stop().catch(() => undefined);
    await log.close().catch(() => undefined);
    await deleteTopics(kafka, prefix).catch(() => undefined);
  }
}

function message(topic: string, id: number) {
  return { topic, key: `k${id % 997}`, value: VALUE, headers: { seq: String(id) } };
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

function startConsumer(log: EventLog, group: string, topic: string, arrivals: Arrivals): Promise<Subscription> {
  return log.subscribe({
    group,
    topic,
    concurrency: PARTITIONS,
    onBatch: async ({ records }) => {
      const now = performance.now();
      for (const r of records) arrivals.add(Number(r.headers.seq), now);
    },
  });
}

/** Sequential pings: each message is sent once the previous one arrived. */
async function pingLatencies(log: EventLog, topic: string, arrivals: Arrivals, pings: number): Promise<number[]> {
  const warmup = Math.min(100, pings);
  const latencies: number[] = [];
  arrivals.reset();
  for (let i = 0; i < warmup + pings; i++) {
    const sent = performance.now();
    await log.append([message(topic, i)]);
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
