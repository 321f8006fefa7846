import { PairEvent, eventMembers } from '@app/links';
import { DomainEvent } from './codec';

/**
 * What a logged event does to a pair's link facts, as the domain core's PairEvent; undefined when it
 * moves no pair (registrations, chats, group or self messages, self pairs). The projector and the
 * operator's replay both fold through this one mapping, so they cannot disagree on it.
 */
export function pairEventOf(event: DomainEvent): PairEvent | undefined {
  const pairEvent = translate(event);
  if (!pairEvent) return undefined;
  const [actor, other] = eventMembers(pairEvent);
  return actor === other ? undefined : pairEvent;
}

function translate(event: DomainEvent): PairEvent | undefined {
  switch (event.type) {
    case 'ContactImported':
      return { type: 'ContactImported', owner: event.payload.owner_id, contact: event.payload.contact_id };
    case 'ContactDeleted':
      return { type: 'ContactDeleted', owner: event.payload.owner_id, contact: event.payload.contact_id };
    case 'UserBlocked':
      return { type: 'UserBlocked', owner: event.payload.owner_id, target: event.payload.target_id };
    case 'UserUnblocked':
      return { type: 'UserUnblocked', owner: event.payload.owner_id, target: event.payload.target_id };
    case 'MessageSent': {
      const { sender_id, peer } = event.payload;
      return peer.kind === 'user' ? { type: 'PrivateMessageSent', sender: sender_id, recipient: peer.user_id } : undefined;
    }
    case 'UserRegistered':
    case 'ChatCreated':
    case 'LinkChanged':
      return undefined;
  }
}
