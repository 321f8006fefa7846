import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Metadata every event carries (SPEC §6). */
export const envelopeSchema = z.object({
  type: z.string().min(1),
  version: z.number().int().positive(),
  event_id: z.string().uuid(),
  occurred_at: z.string().datetime(),
  correlation_id: z.string().min(1).max(200),
  causation_id: z.string().min(1).max(200),
  payload: z.unknown(),
});

export type EnvelopeMeta = Omit<z.infer<typeof envelopeSchema>, 'payload' | 'type' | 'version'>;

export interface Envelope<TType extends string = string, TPayload = unknown> extends EnvelopeMeta {
  readonly type: TType;
  readonly version: number;
  readonly payload: TPayload;
}

/** Metadata for a new event; `cause` links it to the event or request that caused it. */
export function newMeta(cause: { correlation_id: string; causation_id?: string; event_id?: string }): EnvelopeMeta {
  return {
    event_id: randomUUID(),
    occurred_at: new Date().toISOString(),
    correlation_id: cause.correlation_id,
    causation_id: cause.event_id ?? cause.causation_id ?? cause.correlation_id,
  };
}
