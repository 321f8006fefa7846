import { randomFillSync } from 'node:crypto';

/** W3C Trace Context `traceparent`: version-traceid-spanid-flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isTraceparent(value: string | undefined): value is string {
  const match = value === undefined ? null : TRACEPARENT.exec(value);
  return match !== null && !/^0+$/.test(match[1]) && !/^0+$/.test(match[2]);
}

/**
 * Ids are cut from a pool of random bytes refilled 4 KiB at a time: every event gets a span id,
 * and one randomBytes call per id was about 5 % of the link-projector's CPU.
 */
const pool = Buffer.alloc(4096);
let poolUsed = pool.length;

function randomHex(bytes: number): string {
  if (poolUsed + bytes > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  poolUsed += bytes;
  return pool.toString('hex', poolUsed - bytes, poolUsed);
}

/** A new trace (sampled), or a child span of `parent` in the same trace. */
export function traceparentFor(parent?: string): string {
  const traceId = isTraceparent(parent) ? parent.slice(3, 35) : randomHex(16);
  return `00-${traceId}-${randomHex(8)}-01`;
}

export function traceIdOf(traceparent: string | undefined): string | undefined {
  return isTraceparent(traceparent) ? traceparent.slice(3, 35) : undefined;
}
