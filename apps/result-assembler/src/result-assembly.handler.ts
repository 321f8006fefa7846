import { Injectable } from '@nestjs/common';
import { DomainEvent, EventOf, PayloadOf } from '@app/events';
import { SendMethod, UserKind, linkUpdateRecipients, resultCarriesLinks, sendResultConstructor } from '@app/links';
import { BatchContext, BatchHandler, UserDirectory, loadChats } from '@app/platform';
import { FeedEntry, appendToFeed, lockMailboxes, nextMessageId, storeMessage } from './mailbox';
import { messageBody } from './message-body';

/** Channel the gateway listens on for finished sends; the payload is `sender:random_id`. */
export const RESULT_CHANNEL = 'send_results';

type View = PayloadOf<'LinkChanged'>['views'][number];
type TlObject = Record<string, unknown>;

function mentionedUsers(message: PayloadOf<'MessageSent'>): number[] {
  const ids = [message.sender_id];
  if (message.peer.kind === 'user') ids.push(message.peer.user_id);
  for (const { content, forwarded_from } of message.items) {
    if (content.kind === 'chat_created') ids.push(...content.member_ids);
    if (content.kind === 'contact' && content.user_id > 0) ids.push(content.user_id);
    if (forwarded_from) ids.push(forwarded_from.from_id);
  }
  return ids;
}

/**
 * Turns LinkChanged outcomes into mailbox writes: each recipient gets its updateContactLink before
 * the message that caused it; the sender gets its box entry and a result per SPEC §4.
 */
@Injectable()
export class ResultAssemblyHandler implements BatchHandler {
  constructor(private readonly directory: UserDirectory) {}

  async prepare(events: readonly DomainEvent[], ctx: BatchContext): Promise<void> {
    const owners = events.flatMap((e) => (e.type === 'LinkChanged' ? [e.payload.message.sender_id, ...e.payload.recipient_ids] : []));
    await lockMailboxes(ctx.db, owners);
  }

  async handle(event: DomainEvent, ctx: BatchContext): Promise<void> {
    if (event.type !== 'LinkChanged') return;
    const { message, views, recipient_ids } = event.payload;
    const users = mentionedUsers(message);
    for (const recipient of recipient_ids) await this.deliver(ctx, event, recipient, users);
    await this.completeSend(ctx, message, views, users);
  }

  private pinnedKinds(views: readonly View[], owner: number): Map<number, UserKind> {
    return new Map(views.filter((v) => v.owner_id === owner).map((v) => [v.peer_id, v.user_kind]));
  }

  private async deliver(ctx: BatchContext, event: EventOf<'LinkChanged'>, recipient: number, users: number[]): Promise<void> {
    const { message, views } = event.payload;
    const pinned = this.pinnedKinds(views, recipient);
    const entries: FeedEntry[] = [];
    const changed = views.filter((v) => v.changed && v.owner_id === recipient).map((view) => ({ owner: view.owner_id, view }));
    for (const { view } of linkUpdateRecipients(changed, message.sender_id)) {
      entries.push({
        kind: 'link',
        date: message.date,
        body: { _: 'updateContactLink', user_id: view.peer_id, my_link: view.my_link, foreign_link: view.foreign_link },
        users: await this.directory.render(ctx.db, recipient, [view.peer_id], pinned),
      });
    }
    const seenUsers = await this.directory.render(ctx.db, recipient, users, pinned);
    for (const item of message.items) {
      const body = messageBody(message, item, await nextMessageId(ctx.db, recipient), false);
      await storeMessage(ctx.db, recipient, this.boxPeer(message, recipient), body);
      entries.push({ kind: 'message', date: message.date, body, users: seenUsers });
    }
    await appendToFeed(ctx.db, recipient, entries);
  }

  /** The conversation a message belongs to in `owner`'s box. */
  private boxPeer(message: PayloadOf<'MessageSent'>, owner: number): { kind: string; id: number } {
    if (message.peer.kind === 'chat') return { kind: 'chat', id: message.peer.chat_id };
    return { kind: 'user', id: owner === message.sender_id ? message.peer.user_id : message.sender_id };
  }

  private async completeSend(ctx: BatchContext, message: PayloadOf<'MessageSent'>, views: readonly View[], users: number[]): Promise<void> {
    const sender = message.sender_id;
    const pinned = this.pinnedKinds(views, sender);
    const seenUsers = await this.directory.render(ctx.db, sender, users, pinned);
    const bodies: TlObject[] = [];
    for (const item of message.items) {
      const body = messageBody(message, item, await nextMessageId(ctx.db, sender), true);
      await storeMessage(ctx.db, sender, this.boxPeer(message, sender), body);
      bodies.push(body);
    }
    // The sender's feed records its own messages (other sessions sync them) but never a link change.
    const { pts, seq } = await appendToFeed(ctx.db, sender, bodies.map((body) => ({ kind: 'message', date: message.date, body, users: seenUsers })));
    const links: TlObject[] = [];
    for (const view of views.filter((v) => v.changed && v.owner_id === sender)) {
      const [user] = await this.directory.render(ctx.db, sender, [view.peer_id], pinned);
      links.push({ _: 'contacts.link', my_link: view.my_link, foreign_link: view.foreign_link, user });
    }
    const result = await this.senderResult(ctx, message, bodies, seenUsers, links, pts, seq);
    await ctx.db.query(`UPDATE sends SET result = $3 WHERE sender_id = $1 AND random_id = $2`, [sender, message.random_id, result]);
    await ctx.db.query(`SELECT pg_notify($1, $2)`, [RESULT_CHANNEL, `${sender}:${message.random_id}`]);
  }

  private async senderResult(
    ctx: BatchContext,
    message: PayloadOf<'MessageSent'>,
    bodies: TlObject[],
    users: TlObject[],
    links: TlObject[],
    pts: number,
    seq: number,
  ): Promise<TlObject> {
    const method: SendMethod = message.method === 'messages.createChat' ? 'messages.sendMedia' : message.method;
    const constructor = sendResultConstructor(method, message.layer, links.length);
    const withLinks = resultCarriesLinks(constructor) ? { links } : {};
    const chats = message.peer.kind === 'chat' ? await loadChats(ctx.db, [message.peer.chat_id]) : [];
    switch (method) {
      case 'messages.sendMessage':
        return { _: constructor, id: bodies[0].id, date: message.date, pts, seq, ...withLinks };
      case 'messages.sendMedia':
        return { _: constructor, message: bodies[0], chats, users, ...withLinks, pts, seq };
      case 'messages.forwardMessages':
        return { _: constructor, messages: bodies, chats, users, ...withLinks, pts, seq };
    }
  }

}
