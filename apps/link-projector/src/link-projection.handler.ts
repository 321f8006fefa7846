import { Injectable } from '@nestjs/common';
import { DomainEvent, EventOf, eventKey, makeEvent, newMeta, pairEventOf } from '@app/events';
import { decidePrivateMessage, eventMembers, evolvePair } from '@app/links';
import { AppConfig, ConsumedBatch, InjectConfig, OutgoingEvent, Rejection, SendResults } from '@app/platform';
import { ProjectionBatch } from './projection-batch';

/** Channel the gateway listens on to learn that a command's event is applied. */
export const APPLIED_CHANNEL = 'events_applied';

type LinkChangedPayload = EventOf<'LinkChanged'>['payload'];

/** Folds domain events into the link projection and decides each message's LinkChanged outcome. */
@Injectable()
export class LinkProjectionHandler {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /** One batch: the pairs and chats it touches read (and locked) at once, folded in memory, written back once. */
  async apply({ events, db, emit }: ConsumedBatch): Promise<void> {
    const pairs = events.map(pairEventOf).flatMap((e) => (e ? [eventMembers(e)] : []));
    const chats = events.flatMap((e) => (e.type === 'MessageSent' && e.payload.peer.kind === 'chat' ? [e.payload.peer.chat_id] : []));
    const batch = await ProjectionBatch.load(db, pairs, chats);
    for (const event of events) this.handle(event, batch, emit);
    await batch.flush(db, APPLIED_CHANNEL);
  }

  /** A dead-lettered MessageSent fails its send with a named error, so the waiting call is answered. */
  async reject(rejection: Rejection): Promise<void> {
    await SendResults.failed(rejection).save(rejection.db);
  }

  private handle(event: DomainEvent, batch: ProjectionBatch, emit: (event: OutgoingEvent) => void): void {
    switch (event.type) {
      case 'UserRegistered': {
        const { user_id, phone, first_name, last_name } = event.payload;
        batch.addUser({ id: user_id, phone, first_name, last_name });
        break;
      }
      case 'ContactImported':
      case 'ContactDeleted':
      case 'UserBlocked':
      case 'UserUnblocked': {
        const pairEvent = pairEventOf(event);
        if (pairEvent) {
          const [a, b] = eventMembers(pairEvent);
          batch.setPair(evolvePair(batch.pair(a, b), pairEvent), event.event_id);
        }
        break;
      }
      case 'ChatCreated': {
        const { chat_id, title, creator_id, member_ids } = event.payload;
        batch.addChat({ id: chat_id, title, creator_id, member_ids });
        break;
      }
      case 'MessageSent':
        emit(this.decideMessage(batch, event));
        return;
      case 'LinkChanged':
        return;
    }
    batch.markApplied(event.event_id);
  }

  private decideMessage(batch: ProjectionBatch, event: EventOf<'MessageSent'>): OutgoingEvent {
    const message = event.payload;
    const sender = message.sender_id;
    let outcome: Pick<LinkChangedPayload, 'delivered' | 'views' | 'recipient_ids'> = { delivered: true, views: [], recipient_ids: [] };
    const pairEvent = pairEventOf(event);
    if (pairEvent?.type === 'PrivateMessageSent') {
      const recipient = pairEvent.recipient;
      const decided = decidePrivateMessage(batch.pair(sender, recipient), sender, recipient);
      batch.setPair(decided.next, event.event_id);
      outcome = {
        delivered: decided.delivered,
        recipient_ids: decided.delivered ? [recipient] : [],
        views: decided.views.map(({ view, changed }) => ({
          owner_id: view.owner,
          peer_id: view.peer,
          my_link: view.myLink,
          foreign_link: view.foreignLink,
          user_kind: view.userKind,
          changed,
        })),
      };
    } else if (message.peer.kind === 'chat') {
      outcome.recipient_ids = batch.chatMembers(message.peer.chat_id).filter((id) => id !== sender);
    }
    const linkChanged = makeEvent('LinkChanged', { message_event_id: event.event_id, message, ...outcome }, newMeta(event));
    return { topic: this.config.topics.linkChanged, key: eventKey(linkChanged), event: linkChanged };
  }
}
