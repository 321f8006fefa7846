import { pairKey } from '@app/links';
import { DomainEvent } from './codec';
import { EventPeer } from './payloads';

function peerKey(sender: number, peer: EventPeer): string {
  return peer.kind === 'chat' ? `chat:${peer.chat_id}` : pairKey(sender, peer.user_id);
}

/**
 * The partition key: events that affect a pair are keyed by the unordered pair so one partition
 * orders them (SPEC §6); chat events by the chat; registrations by the user.
 */
export function eventKey(event: DomainEvent): string {
  switch (event.type) {
    case 'UserRegistered':
      return `user:${event.payload.user_id}`;
    case 'ContactImported':
    case 'ContactDeleted':
      return pairKey(event.payload.owner_id, event.payload.contact_id);
    case 'UserBlocked':
    case 'UserUnblocked':
      return pairKey(event.payload.owner_id, event.payload.target_id);
    case 'ChatCreated':
      return `chat:${event.payload.chat_id}`;
    case 'MessageSent':
      return peerKey(event.payload.sender_id, event.payload.peer);
    case 'LinkChanged':
      return peerKey(event.payload.message.sender_id, event.payload.message.peer);
  }
}
