import { DomainEvent, EventOf } from '@app/events';
import { LinkProjection, MessageOutcome, ProjectionRows, ProjectionStart } from './link-projection';

/** What the projector makes of one batch: the rows to write, each message's outcome, the commands it applied. */
export interface ProjectorOutput {
  readonly rows: ProjectionRows;
  /** One per MessageSent, in order: the projector publishes each as a LinkChanged. */
  readonly outcomes: readonly { readonly message: EventOf<'MessageSent'>; readonly outcome: MessageOutcome }[];
  /** The ids of the command events (everything but sends), which a gateway may be waiting for. */
  readonly applied: readonly string[];
}

/** The link-projector's batch, pure: the link projection folded over the batch from what was stored for its needs. */
export function projectBatch(start: ProjectionStart, events: readonly DomainEvent[]): ProjectorOutput {
  const projection = new LinkProjection(start);
  const outcomes: { message: EventOf<'MessageSent'>; outcome: MessageOutcome }[] = [];
  const applied: string[] = [];
  for (const event of events) {
    const { outcome } = projection.apply(event);
    if (event.type === 'MessageSent') outcomes.push({ message: event, outcome: outcome! });
    else if (event.type !== 'LinkChanged') applied.push(event.event_id);
  }
  return { rows: projection, outcomes, applied };
}
