import { UserId } from './pair';

/**
 * The domain events that move a pair's link facts, as the decider sees them (payloads only; the
 * wire envelopes with versions and schemas live in @app/events).
 */
export type PairEvent =
  | { readonly type: 'ContactImported'; readonly owner: UserId; readonly contact: UserId }
  | { readonly type: 'ContactDeleted'; readonly owner: UserId; readonly contact: UserId }
  | { readonly type: 'UserBlocked'; readonly owner: UserId; readonly target: UserId }
  | { readonly type: 'UserUnblocked'; readonly owner: UserId; readonly target: UserId }
  | { readonly type: 'PrivateMessageSent'; readonly sender: UserId; readonly recipient: UserId };

/** The pair an event is about, as [actor, other]. */
export function eventMembers(event: PairEvent): readonly [UserId, UserId] {
  switch (event.type) {
    case 'ContactImported':
    case 'ContactDeleted':
      return [event.owner, event.contact];
    case 'UserBlocked':
    case 'UserUnblocked':
      return [event.owner, event.target];
    case 'PrivateMessageSent':
      return [event.sender, event.recipient];
  }
}
