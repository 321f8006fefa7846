import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { activeTraceparent, spanContextOf } from './trace-context';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';
const inSpan = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED });

describe('trace context', () => {
  it('names the active span as a W3C traceparent', () => {
    expect(activeTraceparent(inSpan)).toBe(`00-${traceId}-${spanId}-01`);
  });

  it('is absent where no span is active (tracing off)', () => {
    expect(activeTraceparent(ROOT_CONTEXT)).toBeUndefined();
    expect(activeTraceparent()).toBeUndefined();
  });

  it('reads back the span context a traceparent names, as a remote parent', () => {
    expect(spanContextOf(`00-${traceId}-${spanId}-01`)).toEqual({ traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  });

  it.each([
    undefined,
    '',
    'garbage',
    `00-${'0'.repeat(32)}-${spanId}-01`,
    `00-${traceId}-${'0'.repeat(16)}-01`,
    `ff-${traceId}-${spanId}-01`,
  ])('names no span for %j', (bad) => {
    expect(spanContextOf(bad)).toBeUndefined();
  });
});
