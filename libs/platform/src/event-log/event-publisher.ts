import { DomainEvent, encodeEvent } from '@app/events';
import { EventLog, OutgoingRecord } from './event-log';

export interface OutgoingEvent {
  readonly topic: string;
  readonly key: string;
  readonly event: DomainEvent;
}

/** Event-id header lets consumers dedupe without parsing; the value carries it too. */
export function eventHeaders(event: DomainEvent): Record<string, string> {
  const headers: Record<string, string> = { event_id: event.event_id, type: event.type, correlation_id: event.correlation_id };
  if (event.traceparent) headers.traceparent = event.traceparent;
  return headers;
}

export function recordOf({ topic, key, event }: OutgoingEvent): OutgoingRecord {
  return { topic, key, value: encodeEvent(event), headers: eventHeaders(event) };
}

/** Domain events onto the log; `publish` resolves only once the log has them durably. */
export class EventPublisher {
  constructor(readonly log: EventLog) {}

  publish(events: readonly OutgoingEvent[]): Promise<void> {
    return this.log.append(events.map(recordOf));
  }
}
