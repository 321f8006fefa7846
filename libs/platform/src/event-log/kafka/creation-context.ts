import { Span } from '@opentelemetry/api';
import { spanContextOf } from '@app/events';

/**
 * Where a kafkajs message keeps the trace context its event was created in. The kafkajs
 * instrumentation gives each message a `send` span, parented on the context active when the
 * producer sends, and writes that span into the message's `traceparent` header. The event log
 * sends the appends of many calls in one request (AppendQueue), so that context is one call's,
 * and the header would put every other call's message into that call's trace.
 */
export const CREATED_IN = Symbol('traceparent the record was created in');

export interface CreatedMessage {
  readonly headers?: Record<string, unknown>;
  readonly [CREATED_IN]?: string;
}

/** The instrumentation's producer hook: the header names the creation context again, and the send span links to it. */
export function keepCreationContext(span: Span, { message }: { message: object }): void {
  const { headers, [CREATED_IN]: created } = message as CreatedMessage;
  const context = spanContextOf(created);
  if (!context || !headers) return;
  headers.traceparent = created;
  span.addLink({ context });
}
