import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command (which may hold spaces): field n of proc(5) is [n - 3]. */
function statFields(pid: number | 'self'): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system, fields 14 and 15) a process has used so far; 0 once it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = statFields(pid);
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of this process's children that have ended and been waited for (fields 16 and 17): a finished command's CPU. */
export function endedChildrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

/** Every process whose command is `name` (e.g. all Postgres backends). */
function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The processes whose CPU a send costs, by role; a role may be several processes (Postgres's backends). */
export interface CpuRoles {
  readonly [role: string]: () => number[];
}

/** CPU seconds used so far, per role and process. */
export type CpuSample = ReadonlyMap<string, ReadonlyMap<number, number>>;

export function sampleCpu(roles: CpuRoles): CpuSample {
  return new Map(Object.entries(roles).map(([role, pids]) => [role, new Map(pids().map((pid) => [pid, cpuSecondsOf(pid)]))]));
}

/**
 * CPU milliseconds per unit of work between two samples, per role and in total (`excluded` roles
 * are reported, not summed). A process started meanwhile counts from 0; one that ended meanwhile
 * is lost (connection pools keep their backends, so that is the bench's own short queries).
 */
export function cpuMsPer(before: CpuSample, after: CpuSample, units: number, excluded: readonly string[] = []): Record<string, number> {
  const perUnit: Record<string, number> = {};
  let total = 0;
  for (const [role, now] of after) {
    let seconds = 0;
    for (const [pid, used] of now) seconds += used - (before.get(role)?.get(pid) ?? 0);
    const ms = (seconds * 1000) / units;
    perUnit[role] = ms;
    if (!excluded.includes(role)) total += ms;
  }
  return { ...perUnit, total };
}

export const postgresBackends = () => pidsNamed('postgres');
