import { AsyncLocalStorage } from 'node:async_hooks';
import { SpanContext, isSpanContextValid, trace } from '@opentelemetry/api';
import { isTraceparent } from '@app/events';

export interface TraceFields {
  readonly trace_id?: string;
  readonly span_id?: string;
}

/** The traceparent a piece of work carries by hand (a request's, before an OpenTelemetry SDK is installed). */
const carried = new AsyncLocalStorage<string>();

/** Runs `work` with `traceparent` as the trace its log lines name, unless an active span names one. */
export function withTraceparent<T>(traceparent: string, work: () => T): T {
  return carried.run(traceparent, work);
}

/** The ids of the active span when it is valid, else those of the carried traceparent, else none. */
export function traceFieldsOf(span: SpanContext | undefined, traceparent: string | undefined): TraceFields {
  if (span && isSpanContextValid(span)) return { trace_id: span.traceId, span_id: span.spanId };
  if (isTraceparent(traceparent)) return { trace_id: traceparent.slice(3, 35), span_id: traceparent.slice(36, 52) };
  return {};
}

/** The trace a log line written now belongs to (the OpenTelemetry API is a no-op until an SDK is registered). */
export function activeTraceFields(): TraceFields {
  return traceFieldsOf(trace.getActiveSpan()?.spanContext(), carried.getStore());
}
