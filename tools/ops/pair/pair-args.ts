import { UsageError } from '../terminal';
import { StopAt } from './pair-history';

export function userId(raw: string, what: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(id) || id <= 0 || id > 2 ** 31 - 1)
    throw new UsageError(`${what} must be a user id, got ${JSON.stringify(raw)}`);
  return id;
}

export function pairArg(raw: string): [number, number] {
  const parts = raw.split(',');
  if (parts.length !== 2) throw new UsageError(`--pair takes two user ids as A,B, got ${JSON.stringify(raw)}`);
  const [a, b] = [userId(parts[0], '--pair'), userId(parts[1], '--pair')];
  if (a === b) throw new UsageError('--pair needs two different users');
  return [a, b];
}

/** `--at`: a bare number is an offset in the pair's partition, anything else an ISO time. */
export function stopArg(raw: string | undefined): StopAt | undefined {
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw)) return { offset: BigInt(raw) };
  const time = Date.parse(raw);
  if (Number.isNaN(time)) throw new UsageError(`--at takes an offset or an ISO time, got ${JSON.stringify(raw)}`);
  return { time: new Date(time) };
}
