import { DomainEvent, EventOf, derivedMeta, makeEvent } from '@app/events';
import { linkUpdateRecipients } from '@app/links';
import { ContactOutcome, LinkProjection, MessageOutcome, ProjectionRows, ProjectionStart } from './link-projection';

/** What the projector derives from a batch, in the batch's order (so a pair's outcomes keep the pair's order). */
export type DerivedEvent = EventOf<'LinkChanged'> | EventOf<'ContactLinkChanged'>;

/** What the projector makes of one batch: the rows to write, each message's outcome, the events it derives, the commands it applied. */
export interface ProjectorOutput {
  readonly rows: ProjectionRows;
  /** One per MessageSent, in order. */
  readonly outcomes: readonly { readonly message: EventOf<'MessageSent'>; readonly outcome: MessageOutcome }[];
  /** A LinkChanged per MessageSent, a ContactLinkChanged per contact event that changed a view of the member who did not call. */
  readonly derived: readonly DerivedEvent[];
  /** The ids of the command events (everything but sends), which a gateway may be waiting for. */
  readonly applied: readonly string[];
}

/** A contact event tells the other member only when its view changed (the caller learns from its answer). */
function tellsTheOtherMember(contact: ContactOutcome): boolean {
  const changed = contact.views.filter((view) => view.changed).map((view) => ({ owner: view.owner_id }));
  return linkUpdateRecipients(changed, contact.owner_id).length > 0;
}

/** The link-projector's batch, pure: the link projection folded over the batch from what was stored for its needs. */
export function projectBatch(start: ProjectionStart, events: readonly DomainEvent[]): ProjectorOutput {
  const projection = new LinkProjection(start);
  const outcomes: { message: EventOf<'MessageSent'>; outcome: MessageOutcome }[] = [];
  const derived: DerivedEvent[] = [];
  const applied: string[] = [];
  for (const event of events) {
    const { outcome, contact } = projection.apply(event);
    if (event.type === 'MessageSent') {
      outcomes.push({ message: event, outcome: outcome! });
      const payload = { message_event_id: event.event_id, message: event.payload, ...outcome! };
      derived.push(makeEvent('LinkChanged', payload, derivedMeta(event, 'LinkChanged')));
    } else if (event.type !== 'LinkChanged') applied.push(event.event_id);
    if (contact && tellsTheOtherMember(contact))
      derived.push(makeEvent('ContactLinkChanged', contact, derivedMeta(event, 'ContactLinkChanged')));
  }
  return { rows: projection, outcomes, derived, applied };
}
