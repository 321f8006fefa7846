import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceProcess, freePort } from '../../test/support/stack';
import { withClient } from '../lib/databases';
import { LOG_DIR } from '../lib/paths';
import { CpuSample, cpuMsPer, postgresBackends, sampleCpu } from '../lib/cpu-time';
import { brokerPids } from '../lib/machine';
import { NodeMemory, nodeMemory } from '../lib/node-memory';
import { peakRssMb, sleep } from '../lib/processes';

/** One consumer service folding a log that is already there. */
export interface FoldRun {
  /** Events of the log: the fold's goal. */
  readonly logged: number;
  readonly folded: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly reachedEnd: boolean;
  /** The ledger did not grow during the last STALL_MS: the consumer is wedged. */
  readonly stalled: boolean;
  /** The service's log shows the broker refusing a produce as too large. */
  readonly messageTooLarge: boolean;
  readonly peakRssMb: number;
  /** Cores each role used from the first folded batch to the end (the consumer, Postgres, Kafka, total): which one bounds the fold. */
  readonly cores: Readonly<Record<string, number>>;
  /** The consumer's V8 heap and external memory when the fold ended: what its peak RSS is made of. */
  readonly memoryAtEnd?: NodeMemory;
}

const POLL_MS = 2_000;
const STALL_MS = 15_000;
const TOO_LARGE = 'larger than the max message size';

/**
 * Starts only `service` (from dist) with `env` and counts its ledger (processed_events of
 * `consumer`) until it holds `logged` events, `capSeconds` passed or it stalled. The rate is the
 * ledger rows over the span of their processed_at (the transaction times of the first and last
 * batch), so start-up is not counted.
 */
export async function foldRun(
  service: 'link-projector' | 'result-assembler',
  consumer: string,
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
  logged: number,
  capSeconds: number,
): Promise<FoldRun> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${service}-fold-${Date.now()}.log`);
  const consumerProcess = new ServiceProcess(service, await freePort(), await freePort(), { ...env, DATABASE_URL: databaseUrl }, logFile);
  const ledger = () =>
    withClient(databaseUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, coalesce(extract(epoch FROM max(processed_at) - min(processed_at)), 0)::float AS seconds
         FROM processed_events WHERE consumer = $1`,
        [consumer],
      );
      return rows[0] as { n: number; seconds: number };
    });
  try {
    await consumerProcess.start();
    const pid = consumerProcess.process!.pid!;
    const roles = { consumer: () => [pid], postgres: postgresBackends, kafka: brokerPids };
    const deadline = Date.now() + capSeconds * 1000;
    let folded = 0;
    let grewAt = Date.now();
    let stalled = false;
    // From the first poll that finds folded events: start-up (loading, joining the group) is not the fold.
    let cpuFrom: { at: number; sample: CpuSample } | undefined;
    while (folded < logged && Date.now() < deadline && !stalled) {
      await sleep(POLL_MS);
      const now = (await ledger()).n;
      if (now > folded) grewAt = Date.now();
      if (now > 0) cpuFrom ??= { at: Date.now(), sample: sampleCpu(roles) };
      folded = now;
      stalled = Date.now() - grewAt > STALL_MS;
    }
    const cores = cpuFrom ? cpuMsPer(cpuFrom.sample, sampleCpu(roles), Math.max(1, Date.now() - cpuFrom.at)) : {};
    const memoryAtEnd = await nodeMemory(consumerProcess.metricsUrl);
    const peak = peakRssMb(pid);
    await consumerProcess.stop('SIGTERM');
    const span = await ledger();
    return {
      logged,
      folded: span.n,
      seconds: span.seconds,
      eventsPerSecond: span.seconds > 0 ? span.n / span.seconds : NaN,
      reachedEnd: span.n >= logged,
      stalled,
      messageTooLarge: readFileSync(logFile, 'utf8').includes(TOO_LARGE),
      peakRssMb: peak,
      cores,
      memoryAtEnd,
    };
  } finally {
    await consumerProcess.stop('SIGKILL').catch(() => undefined);
  }
}
