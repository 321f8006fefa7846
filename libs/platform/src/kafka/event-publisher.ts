import { Kafka, Partitioners, Producer } from 'kafkajs';
import { DomainEvent, encodeEvent } from '@app/events';

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

/**
 * An idempotent producer (acks from all in-sync replicas, one request in flight so retries keep
 * order). `publish` resolves only once the broker has the events durably.
 */
export class EventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    // The Java-compatible murmur2 partitioner, named explicitly: same key → same partition as any other client.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, OutgoingEvent[]>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({ key: e.key, value: encodeEvent(e.event), headers: eventHeaders(e.event) })),
      })),
    });
  }

  async publishRaw(topic: string, messages: { key: string | null; value: Buffer | null; headers: Record<string, string> }[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }
}
