import { Link, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { DomainEvent, activeTraceparent, spanContextOf } from '@app/events';
import { LogRecord } from '../event-log/event-log';
import { tracingStarted } from './start-tracing';

interface Consumed {
  readonly record: LogRecord;
  readonly event: DomainEvent;
}

/** Who consumes: names the spans and fills their messaging attributes. */
export interface ConsumerIdentity {
  readonly name: string;
  readonly topic: string;
  readonly group: string;
  /** The event log's kind: `kafka`, or `table` (the embedded mode's). */
  readonly system: string;
}

/**
 * A consumer's spans. Through the event-log port, so the same with either Kafka client and the
 * table log: each record's `traceparent` header names the context its event was created in.
 */
export interface ConsumerTracing {
  /**
   * Runs `work` (a gathered batch, every try of it) inside a batch span that links every record's
   * creation context. Each event with a creation context also gets a span of its own, a child of
   * that context (so its trace goes on in this service) linked to the batch span; `work` gets the
   * events with that span's traceparent, so what a handler derives from an event is created there.
   */
  batch<T extends Consumed>(
    records: readonly LogRecord[],
    events: readonly T[],
    work: (events: readonly T[]) => Promise<void>,
  ): Promise<void>;
}

/** Tracing off: the events as they are, and nothing else done. */
const UNTRACED: ConsumerTracing = { batch: (_records, events, work) => work(events) };

export function consumerTracing(consumer: ConsumerIdentity): ConsumerTracing {
  return tracingStarted() ? new SpanningConsumerTracing(consumer) : UNTRACED;
}

const tracer = trace.getTracer('contact-links');

class SpanningConsumerTracing implements ConsumerTracing {
  private readonly attributes: Record<string, string>;

  constructor(private readonly consumer: ConsumerIdentity) {
    this.attributes = {
      'messaging.system': consumer.system,
      'messaging.destination.name': consumer.topic,
      'messaging.consumer.group.name': consumer.group,
      'messaging.operation.type': 'process',
    };
  }

  async batch<T extends Consumed>(records: readonly LogRecord[], events: readonly T[], work: (events: readonly T[]) => Promise<void>) {
    const links = records.flatMap((record): Link[] => {
      const created = spanContextOf(record.headers.traceparent);
      return created ? [{ context: created }] : [];
    });
    const batchSpan = tracer.startSpan(`${this.consumer.name} batch`, {
      kind: SpanKind.CONSUMER,
      links,
      attributes: { ...this.attributes, 'messaging.batch.message_count': records.length },
    });
    const spans: Span[] = [batchSpan];
    const traced = events.map((consumed) => {
      const span = this.messageSpan(consumed, batchSpan);
      if (!span) return consumed;
      spans.push(span);
      return { ...consumed, event: { ...consumed.event, traceparent: activeTraceparent(trace.setSpan(ROOT_CONTEXT, span)) } } as T;
    });
    try {
      await context.with(trace.setSpan(context.active(), batchSpan), () => work(traced));
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error).slice(0, 200) });
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /** The span processing one event, in the trace it was created in; none for an event created outside any trace. */
  private messageSpan({ record, event }: Consumed, batchSpan: Span): Span | undefined {
    const created = spanContextOf(record.headers.traceparent ?? event.traceparent);
    if (!created) return undefined;
    return tracer.startSpan(
      `${this.consumer.name} ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        links: [{ context: batchSpan.spanContext() }],
        attributes: {
          ...this.attributes,
          'messaging.message.id': event.event_id,
          'messaging.destination.partition.id': String(record.partition),
        },
      },
      trace.setSpanContext(ROOT_CONTEXT, created),
    );
  }
}
