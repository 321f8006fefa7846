import { randomBytes } from 'node:crypto';

/** W3C Trace Context `traceparent`: version-traceid-spanid-flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isTraceparent(value: string | undefined): value is string {
  const match = value === undefined ? null : TRACEPARENT.exec(value);
  return match !== null && !/^0+$/.test(match[1]) && !/^0+$/.test(match[2]);
}

/** A new trace (sampled), or a child span of `parent` in the same trace. */
export function traceparentFor(parent?: string): string {
  const traceId = isTraceparent(parent) ? parent.slice(3, 35) : randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}

export function traceIdOf(traceparent: string | undefined): string | undefined {
  return isTraceparent(traceparent) ? traceparent.slice(3, 35) : undefined;
}
