import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at the last ')'; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
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
