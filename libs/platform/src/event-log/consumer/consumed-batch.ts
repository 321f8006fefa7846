import { EntityManager } from 'typeorm';
import { DomainEvent } from '@app/events';
import { OutgoingEvent } from '../event-publisher';

/** What a consumer's handler gets: the batches of one or more partitions, inside their one database transaction. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partitions: readonly number[];
  /**
   * The events of the batch this consumer has not applied before, in log order. With tracing on,
   * an event's `traceparent` is that of the span processing it here (see ConsumerTracing).
   */
  readonly events: readonly DomainEvent[];
  readonly db: EntityManager;
  /**
   * Queues an event to append to the log, last before the commit. What a handler emits must follow
   * from the events and the stored state alone, ids included (`derivedMeta`): a batch redone after
   * a crash emits it again, and the next consumer drops the repeat by id.
   */
  emit(event: OutgoingEvent): void;
}

/** Why a consumer gave up on a record: not an event at all, data it cannot apply, or a handler that kept failing. */
export type RejectionKind = 'malformed' | 'data' | 'bug';

/**
 * A record the consumer dead-lettered, handed to the handler's `reject` (inside the transaction that
 * moves past it) so that it can record what that means, e.g. answer the send that waits for it.
 */
export interface Rejection {
  readonly kind: RejectionKind;
  readonly reason: string;
  /** The event's type and payload as far as they could be read (absent when the record is not JSON). */
  readonly type?: string;
  readonly payload?: unknown;
  readonly db: EntityManager;
}

/** A consumer's two handlers: `apply` for every batch, `reject` (optional) for what was dead-lettered. */
export interface ConsumerHandlers {
  apply(batch: ConsumedBatch): Promise<void>;
  reject?(rejection: Rejection): Promise<void>;
}
