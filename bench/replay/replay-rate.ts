import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDataSource, migrate } from '@app/platform';
import { endedChildrenCpuSeconds } from '../lib/cpu-time';
import { freshDatabase } from '../lib/databases';
import { BROKERS } from '../lib/kafka';
import { BUILD_DIR, REPO_ROOT } from '../lib/paths';
import { PreloadedLog } from '../projector/preload-log';
import { runToEnd } from '../../test/support/child-run';

export const OPS_SOURCE = join(REPO_ROOT, 'tools', 'ops', 'main.ts');
const OPS_CLI = join(BUILD_DIR, 'tools', 'ops', 'main.js');

export interface ReplayRun {
  readonly events: number;
  /** Command start to exit: connecting, reading and folding the log, writing the shadow schema. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The CLI's own figure (from its first read to the shadow written), when it printed one. */
  readonly reportedEventsPerSecond?: number;
  /** Cores the command used over its wall time (its own CPU: Node is one thread, so near 1 means the fold is bound by it). */
  readonly cores: number;
  /** The CLI's split of its time, when it printed one (seconds under a minute only). */
  readonly split?: { readonly readFoldSeconds: number; readonly writeSeconds: number };
}

/** Why the replay row is n/a, or undefined when the ops CLI can be measured. */
export function replayUnavailable(): string | undefined {
  if (!existsSync(OPS_SOURCE)) return 'n/a (ops CLI not present)';
  if (!existsSync(OPS_CLI)) return 'n/a (ops CLI present but not built: see bench/run.sh output)';
  return undefined;
}

/** `ops replay --into shadow` over the whole preloaded log, into a fresh migrated database. */
export async function measureReplay(log: PreloadedLog): Promise<ReplayRun> {
  const database = await freshDatabase('replay');
  try {
    const dataSource = await createDataSource(database.url, 2).initialize();
    await migrate(dataSource);
    await dataSource.destroy();
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS: BROKERS.join(','),
      TOPIC_PREFIX: log.prefix,
      CONSUMER_GROUP_PREFIX: `${log.prefix}.replay`,
    };
    const started = performance.now();
    const cpuBefore = endedChildrenCpuSeconds();
    const output = await run(process.execPath, [OPS_CLI, 'replay', '--into', 'shadow'], env);
    const seconds = (performance.now() - started) / 1000;
    const cores = (endedChildrenCpuSeconds() - cpuBefore) / seconds;
    const reported = /replay: ([\d,]+) events in .*?\(([\d,]+) events\/s/.exec(output);
    const split = /read and fold ([\d.]+)s, write ([\d.]+)s\)/.exec(output);
    const events = reported ? Number(reported[1].replace(/,/g, '')) : log.events;
    return {
      events,
      seconds,
      eventsPerSecond: events / seconds,
      reportedEventsPerSecond: reported ? Number(reported[2].replace(/,/g, '')) : undefined,
      cores,
      split: split ? { readFoldSeconds: Number(split[1]), writeSeconds: Number(split[2]) } : undefined,
    };
  } finally {
    await database.drop();
  }
}

async function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { code, stdout, stderr } = await runToEnd(command, args, env);
  if (code !== 0) throw new Error(`ops replay exited with ${code}: ${stderr.slice(-500)}`);
  return stdout;
}
