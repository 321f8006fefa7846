import { Injectable } from '@nestjs/common';
import { DomainEvent, PayloadOf } from '@app/events';
import { SendMethod, UserKind, linkUpdateRecipients, resultCarriesLinks, sendResultConstructor } from '@app/links';
import {
  AppConfig,
  ConsumedBatch,
  InjectConfig,
  Rejection,
  SendResults,
  Sighting,
  UserDirectory,
  UserSnapshot,
  loadChats,
} from '@app/platform';
import { FeedEntry, MailboxBatch } from './mailbox-batch';
import { messageBody } from './message-body';

type LinkChanged = PayloadOf<'LinkChanged'>;
type View = LinkChanged['views'][number];
type TlObject = Record<string, unknown>;

/** What a batch reads first and writes last; handling each event in between only computes. */
interface Assembly {
  readonly mailboxes: MailboxBatch;
  readonly users: UserSnapshot;
  readonly chats: ReadonlyMap<number, TlObject>;
  readonly results: SendResults;
}

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

/** Every (viewer, user) pair an event's users vectors need: each box owner sees the message's users and its links' peers. */
function sightings({ message, views, recipient_ids }: LinkChanged): Sighting[] {
  const subjects = [...mentionedUsers(message), ...views.map((view) => view.peer_id)];
  return [message.sender_id, ...recipient_ids].flatMap((owner) => subjects.map((subject) => [owner, subject] as const));
}

/**
 * Turns LinkChanged outcomes into mailbox writes: each recipient gets its updateContactLink before
 * the message that caused it; the sender gets its box entry and a result per SPEC §4. A batch reads
 * its mailboxes, users and chats once, and writes each table once.
 */
@Injectable()
export class ResultAssemblyHandler {
  constructor(
    private readonly directory: UserDirectory,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * One batch: mailboxes locked, users and chats read once, every LinkChanged folded in memory,
   * each table written once. Users are rendered from that one read: the assembler never writes
   * users or link_sides, and the kinds a LinkChanged decided are pinned in its payload, so what
   * earlier events of the batch did cannot change what a later one renders.
   */
  async apply({ events, db }: ConsumedBatch): Promise<void> {
    const batch = await this.read(db, events);
    for (const event of events) {
      if (event.type !== 'LinkChanged') continue;
      const users = mentionedUsers(event.payload.message);
      for (const recipient of event.payload.recipient_ids) this.deliver(batch, event.payload, recipient, users);
      this.completeSend(batch, event.payload, users);
    }
    await batch.mailboxes.flush(db, this.config.retention.feedEntries);
    await batch.results.save(db);
  }

  /** A dead-lettered LinkChanged fails its send with a named error, so the waiting call is answered. */
  async reject(rejection: Rejection): Promise<void> {
    await SendResults.failed(rejection).save(rejection.db);
  }

  private async read(db: ConsumedBatch['db'], events: readonly DomainEvent[]): Promise<Assembly> {
    const changes = events.flatMap((e) => (e.type === 'LinkChanged' ? [e.payload] : []));
    const mailboxes = await MailboxBatch.lock(
      db,
      changes.flatMap(({ message, recipient_ids }) => [message.sender_id, ...recipient_ids]),
    );
    const users = await this.directory.snapshot(db, changes.flatMap(sightings));
    const chatIds = changes.flatMap(({ message }) => (message.peer.kind === 'chat' ? [message.peer.chat_id] : []));
    const chats = chatIds.length === 0 ? [] : await loadChats(db, chatIds);
    return { mailboxes, users, chats: new Map(chats.map((chat) => [chat.id as number, chat])), results: new SendResults() };
  }

  private pinnedKinds(views: readonly View[], owner: number): Map<number, UserKind> {
    return new Map(views.filter((v) => v.owner_id === owner).map((v) => [v.peer_id, v.user_kind]));
  }

  private deliver({ mailboxes, users: directory }: Assembly, { message, views }: LinkChanged, recipient: number, users: number[]): void {
    const pinned = this.pinnedKinds(views, recipient);
    const entries: FeedEntry[] = [];
    const changed = views.filter((v) => v.changed && v.owner_id === recipient).map((view) => ({ owner: view.owner_id, view }));
    for (const { view } of linkUpdateRecipients(changed, message.sender_id)) {
      entries.push({
        kind: 'link',
        date: message.date,
        body: { _: 'updateContactLink', user_id: view.peer_id, my_link: view.my_link, foreign_link: view.foreign_link },
        users: directory.render(recipient, [view.peer_id], pinned),
      });
    }
    const seenUsers = directory.render(recipient, users, pinned);
    for (const item of message.items) {
      const body = messageBody(message, item, mailboxes.nextMessageId(recipient), false);
      mailboxes.storeMessage(recipient, this.boxPeer(message, recipient), body);
      entries.push({ kind: 'message', date: message.date, body, users: seenUsers });
    }
    mailboxes.appendToFeed(recipient, entries);
  }

  /** The conversation a message belongs to in `owner`'s box. */
  private boxPeer(message: PayloadOf<'MessageSent'>, owner: number): { kind: string; id: number } {
    if (message.peer.kind === 'chat') return { kind: 'chat', id: message.peer.chat_id };
    return { kind: 'user', id: owner === message.sender_id ? message.peer.user_id : message.sender_id };
  }

  private completeSend(batch: Assembly, { message, views }: LinkChanged, users: number[]): void {
    const { mailboxes, users: directory } = batch;
    const sender = message.sender_id;
    const pinned = this.pinnedKinds(views, sender);
    const seenUsers = directory.render(sender, users, pinned);
    const bodies: TlObject[] = [];
    for (const item of message.items) {
      const body = messageBody(message, item, mailboxes.nextMessageId(sender), true);
      mailboxes.storeMessage(sender, this.boxPeer(message, sender), body);
      bodies.push(body);
    }
    // The sender's feed records its own messages (other sessions sync them) but never a link change.
    const { pts, seq } = mailboxes.appendToFeed(
      sender,
      bodies.map((body) => ({ kind: 'message', date: message.date, body, users: seenUsers })),
    );
    const links = views
      .filter((v) => v.changed && v.owner_id === sender)
      .map((view) => ({
        _: 'contacts.link',
        my_link: view.my_link,
        foreign_link: view.foreign_link,
        user: directory.render(sender, [view.peer_id], pinned)[0],
      }));
    batch.results.set(sender, message.random_id, this.senderResult(batch, message, bodies, seenUsers, links, pts, seq));
  }

  private senderResult(
    { chats }: Assembly,
    message: PayloadOf<'MessageSent'>,
    bodies: TlObject[],
    users: TlObject[],
    links: TlObject[],
    pts: number,
    seq: number,
  ): TlObject {
    const method: SendMethod = message.method === 'messages.createChat' ? 'messages.sendMedia' : message.method;
    const constructor = sendResultConstructor(method, message.layer, links.length);
    const withLinks = resultCarriesLinks(constructor) ? { links } : {};
    const chat = message.peer.kind === 'chat' ? chats.get(message.peer.chat_id) : undefined;
    const chatList = chat ? [chat] : [];
    switch (method) {
      case 'messages.sendMessage':
        return { _: constructor, id: bodies[0].id, date: message.date, pts, seq, ...withLinks };
      case 'messages.sendMedia':
        return { _: constructor, message: bodies[0], chats: chatList, users, ...withLinks, pts, seq };
      case 'messages.forwardMessages':
        return { _: constructor, messages: bodies, chats: chatList, users, ...withLinks, pts, seq };
    }
  }
}
