import { DomainEvent, EventOf, derivedMeta, makeEvent } from '@app/events';
import { heardViews } from './contact-delivery';
import { ContactOutcome, LinkProjection, MessageOutcome, ProjectionRows, ProjectionStart } from './link-projection';
import { Conversion } from './pending-contacts';

/**
 * What the projector derives from a batch, in the batch's order (so a pair's outcomes keep the
 * pair's order): outcomes for the assembler, and the ContactImported of each pending contact whose
 * phone signed up, which goes back into the pair's partition of the log (so a replay reads it
 * there instead of deriving it again).
 */
export type DerivedEvent = EventOf<'LinkChanged'> | EventOf<'ContactLinkChanged'> | EventOf<'ContactImported'>;

/** What the projector makes of one batch: the rows to write, each message's outcome, the events it derives, the commands it applied. */
export interface ProjectorOutput {
  readonly rows: ProjectionRows;
  /** One per MessageSent, in order. */
  readonly outcomes: readonly { readonly message: EventOf<'MessageSent'>; readonly outcome: MessageOutcome }[];
  /** A LinkChanged per MessageSent, a ContactLinkChanged per contact event someone hears of, a ContactImported per conversion. */
  readonly derived: readonly DerivedEvent[];
  /** The ids of the command events (everything but sends), which a gateway may be waiting for. */
  readonly applied: readonly string[];
}

/** A contact event is told to the member who did not call when its view changed (the caller learns from its answer), and always on a conversion. */
function isHeard(contact: ContactOutcome): boolean {
  return contact.registered || heardViews(contact).length > 0;
}

/** The Contact of a converted pending contact, with an id that is a function of its cause and owner. */
function converted(cause: DomainEvent, { owner_id, user_id, names }: Conversion): EventOf<'ContactImported'> {
  const payload = { owner_id, contact_id: user_id, names, registered: true };
  return makeEvent('ContactImported', payload, derivedMeta(cause, `ContactImported:${owner_id}`));
}

/** The link-projector's batch, pure: the link projection folded over the batch from what was stored for its needs. */
export function projectBatch(start: ProjectionStart, events: readonly DomainEvent[]): ProjectorOutput {
  const projection = new LinkProjection(start);
  const outcomes: { message: EventOf<'MessageSent'>; outcome: MessageOutcome }[] = [];
  const derived: DerivedEvent[] = [];
  const applied: string[] = [];
  for (const event of events) {
    const { outcome, contact, conversions = [] } = projection.apply(event);
    if (event.type === 'MessageSent') {
      outcomes.push({ message: event, outcome: outcome! });
      const payload = { message_event_id: event.event_id, message: event.payload, ...outcome! };
      derived.push(makeEvent('LinkChanged', payload, derivedMeta(event, 'LinkChanged')));
    } else if (event.type !== 'LinkChanged') applied.push(event.event_id);
    if (contact && isHeard(contact)) derived.push(makeEvent('ContactLinkChanged', contact, derivedMeta(event, 'ContactLinkChanged')));
    derived.push(...conversions.map((conversion) => converted(event, conversion)));
  }
  return { rows: projection, outcomes, derived, applied };
}
