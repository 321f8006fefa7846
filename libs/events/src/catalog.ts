import { createHash } from 'node:crypto';
import { PairEvent, UserId, eventMembers, pairKey } from '@app/links';
import { DomainEvent, EventOf } from './codec';
import { EventPeer, EventType, PayloadOf } from './payloads';

/** What the system knows of each event type beyond its schema (payloads.ts). */
interface EventDefinition<T extends EventType> {
  /**
   * The partition key: events that affect a pair are keyed by the unordered pair so one partition
   * orders them (docs/invariants.md); chat events by the chat; registrations and pending contacts by the phone.
   */
  key(payload: PayloadOf<T>): string;
  /** What the event does to a pair's link facts, in the domain core's terms; absent: it moves no pair. */
  pair?(payload: PayloadOf<T>): PairEvent | undefined;
}

/**
 * A phone's events (its registration, its pending imports) share a partition by a digest of the
 * phone: keys travel in the clear (broker tools, client spans), phones must not.
 */
const phoneKey = (phone: string) => `phone:${createHash('sha256').update(phone).digest('hex').slice(0, 32)}`;
const peerKey = (sender: UserId, peer: EventPeer) => (peer.kind === 'chat' ? `chat:${peer.chat_id}` : pairKey(sender, peer.user_id));

/**
 * One entry per event type: a type without one does not compile. Adding a pair event is its
 * schema in payloads.ts, its entry here, its PairEvent in libs/links (with the rule in evolve.ts)
 * and its case in the link projection (libs/projection), each checked by the compiler.
 */
export const EVENT_CATALOG: { readonly [T in EventType]: EventDefinition<T> } = {
  // A registration and the pending contacts of its phone share a key, so one partition orders them.
  UserRegistered: { key: (p) => phoneKey(p.phone) },
  PendingContactImported: { key: (p) => phoneKey(p.phone) },
  PendingContactDeleted: { key: (p) => phoneKey(p.phone) },
  ContactImported: {
    key: (p) => pairKey(p.owner_id, p.contact_id),
    pair: (p) => ({ type: 'ContactImported', owner: p.owner_id, contact: p.contact_id }),
  },
  ContactDeleted: {
    key: (p) => pairKey(p.owner_id, p.contact_id),
    pair: (p) => ({ type: 'ContactDeleted', owner: p.owner_id, contact: p.contact_id }),
  },
  UserBlocked: {
    key: (p) => pairKey(p.owner_id, p.target_id),
    pair: (p) => ({ type: 'UserBlocked', owner: p.owner_id, target: p.target_id }),
  },
  UserUnblocked: {
    key: (p) => pairKey(p.owner_id, p.target_id),
    pair: (p) => ({ type: 'UserUnblocked', owner: p.owner_id, target: p.target_id }),
  },
  ChatCreated: { key: (p) => `chat:${p.chat_id}` },
  MessageSent: {
    key: (p) => peerKey(p.sender_id, p.peer),
    pair: (p) => (p.peer.kind === 'user' ? { type: 'PrivateMessageSent', sender: p.sender_id, recipient: p.peer.user_id } : undefined),
  },
  LinkChanged: { key: (p) => peerKey(p.message.sender_id, p.message.peer) },
  ContactLinkChanged: { key: (p) => pairKey(p.owner_id, p.contact_id) },
};

function definitionOf<T extends EventType>(event: EventOf<T>): EventDefinition<T> {
  return EVENT_CATALOG[event.type] as EventDefinition<T>;
}

/** The partition key of an event (see EVENT_CATALOG). */
export function eventKey(event: DomainEvent): string {
  return definitionOf(event).key(event.payload);
}

/**
 * What a logged event does to a pair's link facts, as the domain core's PairEvent; undefined when
 * it moves no pair (registrations, chats, group or self messages, self pairs).
 */
export function pairEventOf(event: DomainEvent): PairEvent | undefined {
  const pairEvent = definitionOf(event).pair?.(event.payload);
  if (!pairEvent) return undefined;
  const [actor, other] = eventMembers(pairEvent);
  return actor === other ? undefined : pairEvent;
}
