import { Injectable } from '@nestjs/common';
import { DomainEvent, EventOf, eventKey, makeEvent, newMeta, pairEventOf } from '@app/events';
import { decidePrivateMessage, eventMembers, evolvePair } from '@app/links';
import { AppConfig, BatchContext, BatchHandler, InjectConfig } from '@app/platform';
import { ProjectionBatch } from './projection-batch';

/** Channel the gateway listens on to learn that a command's event is applied. */
export const APPLIED_CHANNEL = 'events_applied';

type LinkChangedPayload = EventOf<'LinkChanged'>['payload'];

/** Folds domain events into the link projection and decides each message's LinkChanged outcome. */
@Injectable()
export class LinkProjectionHandler implements BatchHandler {
  private readonly batches = new WeakMap<BatchContext, ProjectionBatch>();

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  async prepare(events: readonly DomainEvent[], ctx: BatchContext): Promise<void> {
    const pairs = events.map(pairEventOf).flatMap((e) => (e ? [eventMembers(e)] : []));
    const chats = events.flatMap((e) => (e.type === 'MessageSent' && e.payload.peer.kind === 'chat' ? [e.payload.peer.chat_id] : []));
    this.batches.set(ctx, await ProjectionBatch.load(ctx.db, pairs, chats));
  }

  async handle(event: DomainEvent, ctx: BatchContext): Promise<void> {
    const batch = this.batches.get(ctx)!;
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
        this.decideMessage(ctx, batch, event);
        return;
      case 'LinkChanged':
        return;
    }
    batch.markApplied(event.event_id);
  }

  async complete(ctx: BatchContext): Promise<void> {
    await this.batches.get(ctx)!.flush(ctx.db, APPLIED_CHANNEL);
    this.batches.delete(ctx);
  }

  private decideMessage(ctx: BatchContext, batch: ProjectionBatch, event: EventOf<'MessageSent'>): void {
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
    ctx.emit({ topic: this.config.topics.linkChanged, key: eventKey(linkChanged), event: linkChanged });
  }
}
