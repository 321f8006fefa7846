import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import { activeTraceparent } from './trace-context';

/** Metadata every event carries (docs/invariants.md). */
export const envelopeSchema = z.object({
  type: z.string().min(1),
  version: z.number().int().positive(),
  event_id: z.string().uuid(),
  occurred_at: z.string().datetime(),
  correlation_id: z.string().min(1).max(200),
  causation_id: z.string().min(1).max(200),
  /** W3C trace context the event was created in (absent with tracing off); also sent as a Kafka header. */
  traceparent: z.string().max(55).optional(),
  payload: z.unknown(),
});

export type EnvelopeMeta = Omit<z.infer<typeof envelopeSchema>, 'payload' | 'type' | 'version'>;

export interface Envelope<TType extends string = string, TPayload = unknown> extends EnvelopeMeta {
  readonly type: TType;
  readonly version: number;
  readonly payload: TPayload;
}

/** What caused an event: a request (its correlation id) or an earlier event. */
export interface Cause {
  readonly correlation_id: string;
  readonly causation_id?: string;
  readonly event_id?: string;
  /** An event's trace context: an event derived from it is created there. */
  readonly traceparent?: string;
}

/**
 * Metadata for a new event; `cause` links it to the event or request that caused it. The event is
 * created in its cause's trace context if that has one (a consumer hands its handler each event
 * with the context of the span processing it), else in the active one (a request's span).
 */
export function newMeta(cause: Cause): EnvelopeMeta {
  return {
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    correlation_id: cause.correlation_id,
    causation_id: cause.event_id ?? cause.causation_id ?? cause.correlation_id,
    traceparent: cause.traceparent ?? activeTraceparent(),
  };
}

/** A UUID (version 8, RFC 9562) that is a function of `name`: the same name, the same id. */
function nameBasedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Metadata for the one event of `type` that a consumer derives from the event `cause`: its id is a
 * function of the cause's id and the type, so a batch redone after a crash emits the same event
 * again and the next consumer's ledger drops the repeat. A cause with several events of one type
 * names each in `type` (`ContactImported:<owner>`).
 */
export function derivedMeta(cause: Cause & { readonly event_id: string }, type: string): EnvelopeMeta {
  return { ...newMeta(cause), event_id: derivedEventId(cause.event_id, type) };
}

/** The id of the event of `type` derived from the event `causeId` (see derivedMeta). */
export function derivedEventId(causeId: string, type: string): string {
  return nameBasedUuid(`${causeId}/${type}`);
}
