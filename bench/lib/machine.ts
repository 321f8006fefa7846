import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

const BROKER_PID_FILE = join(REPO_ROOT, '.data', 'kafka', 'broker.pid');

/** The local broker's pid (deploy/local/kafka.sh), to notice a restart by someone else mid-run. */
export function brokerPid(): string | undefined {
  try {
    return readFileSync(BROKER_PID_FILE, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The broker's process as a CPU role: none when the broker was not started by deploy/local/kafka.sh. */
export const brokerPids = (): number[] => [Number(brokerPid())].filter((pid) => pid > 0);

/** Other heavy work on the machine right now (the bench shares it): jest runs, as "jest e2e" etc.; empty if none seen. */
export function otherLoad(): string[] {
  const ps = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
  const runs = ps
    .split('\n')
    .filter((args) => /node\S*\s+\S*jest\b/.test(args))
    .map((args) => `jest ${/--selectProjects[= ](\S+)/.exec(args)?.[1] ?? ''}`.trim());
  return [...new Set(runs)];
}

export function gitState(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim().length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}
