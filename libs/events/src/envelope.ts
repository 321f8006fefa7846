import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { traceparentFor } from './trace-context';

/** Metadata every event carries (docs/invariants.md). */
export const envelopeSchema = z.object({
  type: z.string().min(1),
  version: z.number().int().positive(),
  event_id: z.string().uuid(),
  occurred_at: z.string().datetime(),
  correlation_id: z.string().min(1).max(200),
  causation_id: z.string().min(1).max(200),
  /** W3C trace context of the request that caused the event; also sent as a Kafka header. */
  traceparent: z.string().max(55).optional(),
  payload: z.unknown(),
});

export type EnvelopeMeta = Omit<z.infer<typeof envelopeSchema>, 'payload' | 'type' | 'version'>;

export interface Envelope<TType extends string = string, TPayload = unknown> extends EnvelopeMeta {
  readonly type: TType;
  readonly version: number;
  readonly payload: TPayload;
}

/** What caused an event: a request (correlation id, trace) or an earlier event. */
export interface Cause {
  readonly correlation_id: string;
  readonly causation_id?: string;
  readonly event_id?: string;
  readonly traceparent?: string;
}

/** Metadata for a new event; `cause` links it to the event or request that caused it. */
export function newMeta(cause: Cause): EnvelopeMeta {
  return {
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    correlation_id: cause.correlation_id,
    causation_id: cause.event_id ?? cause.causation_id ?? cause.correlation_id,
    traceparent: traceparentFor(cause.traceparent),
  };
}
