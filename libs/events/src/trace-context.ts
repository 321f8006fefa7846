import { Context, ROOT_CONTEXT, SpanContext, context, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * An event's creation context as a W3C `traceparent`, through the OpenTelemetry propagation API.
 * W3C explicitly (not the global propagator, which OTEL_PROPAGATORS may change): the envelope
 * field and the Kafka header are named `traceparent`. Without a tracing SDK nothing is ever
 * active, so an event then carries no trace context at all.
 */
const w3c = new W3CTraceContextPropagator();

/** The traceparent of the span active in `ctx`, or undefined when there is none (tracing off). */
export function activeTraceparent(ctx: Context = context.active()): string | undefined {
  if (!trace.getSpanContext(ctx)) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** The span context a traceparent names (to parent or link a span to), or undefined when it names none. */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  if (!traceparent) return undefined;
  return trace.getSpanContext(w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter));
}

/** Whether `value` is a valid W3C traceparent (the propagator extracts a span context from it). */
export function isTraceparent(value: string | undefined): value is string {
  return spanContextOf(value) !== undefined;
}
