import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { eventKey } from '@app/events';
import { EventPublisher } from '@app/platform';
import { benchEventLog, benchKafka, createTopic } from '../lib/kafka';
import { SyntheticLog } from './synthetic-log';

export interface PreloadedLog {
  /** TOPIC_PREFIX of the log: its events are in `<prefix>.events`. */
  readonly prefix: string;
  readonly events: number;
  readonly seconds: number;
}

const PARTITIONS = 6;
const BATCH = 5_000;

/**
 * Writes `events` synthetic events into a fresh `<prefix>.events` topic (the services' default 6
 * partitions) with the services' publisher and encoding, keyed by eventKey as the gateway keys them.
 * The next batch is built while the previous one is in flight.
 */
export async function preloadLog(events: number, users: number): Promise<PreloadedLog> {
  const prefix = `bench-log-${randomBytes(3).toString('hex')}`;
  const topic = `${prefix}.events`;
  const kafka = benchKafka('bench-log');
  await createTopic(kafka, topic, PARTITIONS);
  const eventLog = benchEventLog('bench-log');
  const publisher = new EventPublisher(eventLog);
  const log = new SyntheticLog(users);
  const started = performance.now();
  try {
    let inFlight: Promise<void> = Promise.resolve();
    for (let written = 0; written < events; written += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, events - written) }, () => {
        const event = log.next();
        return { topic, key: eventKey(event), event };
      });
      await inFlight;
      inFlight = publisher.publish(batch);
    }
    await inFlight;
  } finally {
    await eventLog.close();
  }
  return { prefix, events, seconds: (performance.now() - started) / 1000 };
}
