import { readFileSync, writeFileSync } from 'node:fs';

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Peak resident set size of a live process (VmHWM), in MB. */
export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

/** Resident set size of a live process now (VmRSS), in MB. */
export const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');

/** Starts a live process's peak RSS over from its current RSS (clear_refs 5: the kernel resets VmHWM). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
