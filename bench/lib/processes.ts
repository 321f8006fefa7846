import { readFileSync, writeFileSync } from 'node:fs';

/** Peak resident set size of a live process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmHWM for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Starts a live process's peak RSS over from its current RSS (clear_refs 5: the kernel resets VmHWM). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
