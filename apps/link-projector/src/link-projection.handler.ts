import { Injectable } from '@nestjs/common';
import { DomainEvent, EventOf, eventKey, makeEvent, newMeta, pairEventOf } from '@app/events';
import { decidePrivateMessage, eventMembers, evolvePair } from '@app/links';
import { AppConfig, BatchContext, BatchHandler, InjectConfig, loadPair, savePair } from '@app/platform';

/** Channel the gateway listens on to learn that a command's event is applied. */
export const APPLIED_CHANNEL = 'events_applied';

/** Folds domain events into the link projection and decides each message's LinkChanged outcome. */
@Injectable()
export class LinkProjectionHandler implements BatchHandler {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  async handle(event: DomainEvent, ctx: BatchContext): Promise<void> {
    switch (event.type) {
      case 'UserRegistered': {
        const { user_id, phone, first_name, last_name } = event.payload;
        await ctx.db.query(
          `INSERT INTO users (id, phone, first_name, last_name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [user_id, phone, first_name, last_name],
        );
        break;
      }
      case 'ContactImported':
      case 'ContactDeleted':
      case 'UserBlocked':
      case 'UserUnblocked':
        await this.applyPairEvent(ctx, event);
        break;
      case 'ChatCreated': {
        const { chat_id, title, creator_id, member_ids } = event.payload;
        await ctx.db.query(
          `INSERT INTO chats (id, title, creator_id, member_ids) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [chat_id, title, creator_id, member_ids],
        );
        break;
      }
      case 'MessageSent':
        await this.decideMessage(ctx, event);
        return;
      case 'LinkChanged':
        return;
    }
    await ctx.db.query(`SELECT pg_notify($1, $2)`, [APPLIED_CHANNEL, event.event_id]);
  }

  private async applyPairEvent(ctx: BatchContext, event: DomainEvent): Promise<void> {
    const pairEvent = pairEventOf(event);
    if (!pairEvent) return;
    const [a, b] = eventMembers(pairEvent);
    const before = await loadPair(ctx.db, a, b, 'for update');
    await savePair(ctx.db, before, evolvePair(before, pairEvent), event.event_id);
  }

  private async decideMessage(ctx: BatchContext, event: EventOf<'MessageSent'>): Promise<void> {
    const message = event.payload;
    const sender = message.sender_id;
    let outcome = { delivered: true, views: [] as EventOf<'LinkChanged'>['payload']['views'], recipient_ids: [] as number[] };
    const pairEvent = pairEventOf(event);
    if (pairEvent?.type === 'PrivateMessageSent') {
      const recipient = pairEvent.recipient;
      const before = await loadPair(ctx.db, sender, recipient, 'for update');
      const decided = decidePrivateMessage(before, sender, recipient);
      await savePair(ctx.db, before, decided.next, event.event_id);
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
      const [chat]: { member_ids: number[] }[] = await ctx.db.query(`SELECT member_ids FROM chats WHERE id = $1`, [message.peer.chat_id]);
      outcome.recipient_ids = (chat?.member_ids ?? []).filter((id) => id !== sender);
    }
    const linkChanged = makeEvent('LinkChanged', { message_event_id: event.event_id, message, ...outcome }, newMeta(event));
    ctx.emit({ topic: this.config.topics.linkChanged, key: eventKey(linkChanged), event: linkChanged });
  }
}
