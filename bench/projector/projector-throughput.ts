import { mkdirSync, readFileSync } from 'node:fs';
import { CONSUMERS } from '@app/events';
import { join } from 'node:path';
import { ServiceProcess } from '../../test/support/stack';
import { freshDatabase, withClient } from '../lib/databases';
import { BROKERS, benchKafka, createTopic } from '../lib/kafka';
import { LOG_DIR } from '../lib/paths';
import { freePort, peakRssMb, sleep } from '../lib/processes';
import { PreloadedLog } from './preload-log';

export interface ProjectorRun {
  readonly folded: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly reachedEnd: boolean;
  /** The ledger did not grow during the last STALL_MS: the projector is wedged. */
  readonly stalled: boolean;
  /** The projector's log shows the broker refusing its LinkChanged produce as too large. */
  readonly messageTooLarge: boolean;
  readonly peakRssMb: number;
}

/**
 * With the broker's default max.message.bytes (1 MB) the projector wedges on a preloaded log: one
 * consumed batch becomes one produce of its LinkChanged outbox rows, larger than 1 MB. To measure
 * its fold rate at all, the LinkChanged topic is created with this limit instead.
 */
export const RAISED_MAX_MESSAGE_BYTES = String(64 * 1024 * 1024);

const POLL_MS = 2_000;
const STALL_MS = 15_000;
const TOO_LARGE = 'larger than the max message size';

/**
 * Starts only the link-projector (from dist) on the preloaded log with a fresh database and consumer
 * group, and counts its ledger (processed_events of link-projector) until it has the whole log,
 * `capSeconds` passed or it stalled. The rate is the ledger rows over the span of their
 * processed_at (the transaction times of the first and last batch), so start-up is not counted.
 */
export async function measureProjector(
  log: PreloadedLog,
  run: number,
  capSeconds: number,
  topicLimit: 'default' | 'raised',
): Promise<ProjectorRun> {
  const database = await freshDatabase('projector');
  mkdirSync(LOG_DIR, { recursive: true });
  const linkChanged = `${log.prefix}.link-changed-${topicLimit}-${run}`;
  if (topicLimit === 'raised')
    await createTopic(benchKafka('bench-projector'), linkChanged, 6, { 'max.message.bytes': RAISED_MAX_MESSAGE_BYTES });
  const env = {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: BROKERS.join(','),
    TOPIC_PREFIX: log.prefix,
    CONSUMER_GROUP_PREFIX: `${log.prefix}.${topicLimit}-${run}`,
    TOPIC_LINK_CHANGED: linkChanged,
  };
  const logFile = join(LOG_DIR, `projector-${database.name}.log`);
  const projector = new ServiceProcess('link-projector', await freePort(), await freePort(), env, logFile);
  try {
    await projector.start();
    const deadline = Date.now() + capSeconds * 1000;
    let folded = 0;
    let grewAt = Date.now();
    let stalled = false;
    while (folded < log.events && Date.now() < deadline && !stalled) {
      await sleep(POLL_MS);
      const now = await ledgerCount(database.url);
      if (now > folded) grewAt = Date.now();
      folded = now;
      stalled = Date.now() - grewAt > STALL_MS;
    }
    const peak = peakRssMb(projector.process!.pid!);
    await projector.stop('SIGTERM');
    const span = await withClient(database.url, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, coalesce(extract(epoch FROM max(processed_at) - min(processed_at)), 0)::float AS seconds
         FROM processed_events WHERE consumer = $1`,
        [CONSUMERS.projector],
      );
      return rows[0] as { n: number; seconds: number };
    });
    return {
      folded: span.n,
      seconds: span.seconds,
      eventsPerSecond: span.seconds > 0 ? span.n / span.seconds : NaN,
      reachedEnd: span.n >= log.events,
      stalled,
      messageTooLarge: readFileSync(logFile, 'utf8').includes(TOO_LARGE),
      peakRssMb: peak,
    };
  } finally {
    await projector.stop('SIGKILL').catch(() => undefined);
    await database.drop();
  }
}

async function ledgerCount(url: string): Promise<number> {
  return withClient(
    url,
    async (db) => (await db.query(`SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1`, [CONSUMERS.projector])).rows[0].n,
  );
}
