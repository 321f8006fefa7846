import { PayloadOf } from '@app/events';
import { SendMethod, UserKind, linkUpdateRecipients, resultCarriesLinks, sendResultConstructor } from '@app/links';
import type { Chat, ContactsLink, Message, MessagesSentMessage, MessagesStatedMessage, MessagesStatedMessages, User } from '@app/tl';
import { contactDeliveryNeeds, deliverContactChange } from './contact-delivery';
import { BoxMessage, FeedEntry, MailboxChanges, MailboxCounters } from './mailbox-changes';
import { messageBody } from './message-body';

type LinkChanged = PayloadOf<'LinkChanged'>;
type ContactLinkChanged = PayloadOf<'ContactLinkChanged'>;
/** What the assembler folds, in its partition's order: a message's outcome or a contact change's. */
export type Outcome = LinkChanged | ContactLinkChanged;

const isContactChange = (outcome: Outcome): outcome is ContactLinkChanged => !('message' in outcome);
type SentMessage = LinkChanged['message'];
type View = LinkChanged['views'][number];

/** A viewer and a user shown to it. */
export type Sighting = readonly [viewer: number, subject: number];

/** Renders users as a viewer may see them (UserSnapshot, read for the batch's sightings). */
export interface UserRenderer {
  render(viewer: number, subjects: readonly number[], known?: ReadonlyMap<number, UserKind>): User[];
}

/** What an assembly reads first: the boxes' counters, what rendering its users needs, its chats. */
export interface AssemblyInput {
  readonly counters: ReadonlyMap<number, MailboxCounters>;
  readonly users: UserRenderer;
  readonly chats: ReadonlyMap<number, Chat>;
}

/** What a send answers its sender with. */
export type SendResultTl = MessagesSentMessage | MessagesStatedMessage | MessagesStatedMessages;

/** A sender's result, to store for its (sender, random_id). */
export interface AssembledResult {
  readonly sender: number;
  readonly randomId: string;
  readonly result: SendResultTl;
}

export interface AssemblyOutput {
  readonly mailboxes: MailboxChanges;
  readonly results: readonly AssembledResult[];
}

function mentionedUsers(message: SentMessage): number[] {
  const ids = [message.sender_id];
  if (message.peer.kind === 'user') ids.push(message.peer.user_id);
  for (const { content, forwarded_from } of message.items) {
    if (content.kind === 'chat_created') ids.push(...content.member_ids);
    if (content.kind === 'contact' && content.user_id > 0) ids.push(content.user_id);
    if (forwarded_from) ids.push(forwarded_from.from_id);
  }
  return ids;
}

/** What an assembly of `outcomes` must read: the boxes it writes, the (viewer, user) pairs it renders, the chats it names. */
export function assemblyNeeds(outcomes: readonly Outcome[]): { owners: number[]; sightings: Sighting[]; chats: number[] } {
  const changes = outcomes.filter((o): o is LinkChanged => !isContactChange(o));
  const contacts = contactDeliveryNeeds(outcomes.filter(isContactChange));
  return {
    owners: [...changes.flatMap(({ message, recipient_ids }) => [message.sender_id, ...recipient_ids]), ...contacts.owners],
    sightings: [
      ...changes.flatMap(({ message, views, recipient_ids }) => {
        const subjects = [...mentionedUsers(message), ...views.map((view) => view.peer_id)];
        return [message.sender_id, ...recipient_ids].flatMap((owner) => subjects.map((subject) => [owner, subject] as const));
      }),
      ...contacts.sightings,
    ],
    chats: changes.flatMap(({ message }) => (message.peer.kind === 'chat' ? [message.peer.chat_id] : [])),
  };
}

const pinnedKinds = (views: readonly View[], owner: number) =>
  new Map(views.filter((v) => v.owner_id === owner).map((v) => [v.peer_id, v.user_kind]));

/** The conversation a message belongs to in `owner`'s box. */
function boxPeer(message: SentMessage, owner: number): BoxMessage['peer'] {
  if (message.peer.kind === 'chat') return { kind: 'chat', id: message.peer.chat_id };
  return { kind: 'user', id: owner === message.sender_id ? message.peer.user_id : message.sender_id };
}

/**
 * The result-assembler's batch, pure: each recipient gets its updateContactLink before the message
 * that caused it, in consecutive pts; the sender gets its box entries (never a link update: the
 * links of its own call come in its result) and its result per docs/views-by-layer.md. Users are rendered with the
 * kinds the LinkChanged decided, so what earlier events of the batch did cannot change what a later
 * one shows. A contact change (ContactLinkChanged) reaches the feed of the member it changed a view
 * of who did not make the call.
 */
export function assemble(input: AssemblyInput, outcomes: readonly Outcome[]): AssemblyOutput {
  const mailboxes = new MailboxChanges(input.counters);
  const results: AssembledResult[] = [];
  for (const change of outcomes) {
    if (isContactChange(change)) {
      deliverContactChange(input.users, mailboxes, change);
      continue;
    }
    const users = mentionedUsers(change.message);
    for (const recipient of change.recipient_ids) deliver(input, mailboxes, change, recipient, users);
    results.push(completeSend(input, mailboxes, change, users));
  }
  return { mailboxes, results };
}

function deliver(
  { users: directory }: AssemblyInput,
  mailboxes: MailboxChanges,
  { message, views }: LinkChanged,
  recipient: number,
  users: number[],
): void {
  const pinned = pinnedKinds(views, recipient);
  const entries: FeedEntry[] = [];
  const changed = views.filter((v) => v.changed && v.owner_id === recipient).map((view) => ({ owner: view.owner_id, view }));
  for (const { view } of linkUpdateRecipients(changed, message.sender_id)) {
    entries.push({
      kind: 'link',
      date: message.date,
      body: {
        _: 'updateContactLink',
        user_id: view.peer_id,
        my_link: view.my_link,
        foreign_link: view.foreign_link,
      },
      users: directory.render(recipient, [view.peer_id], pinned),
    });
  }
  const seenUsers = directory.render(recipient, users, pinned);
  for (const item of message.items) {
    const body = messageBody(message, item, mailboxes.nextMessageId(recipient), false);
    mailboxes.storeMessage({ userId: recipient, peer: boxPeer(message, recipient), body });
    entries.push({ kind: 'message', date: message.date, body, users: seenUsers });
  }
  mailboxes.appendToFeed(recipient, entries);
}

function completeSend(input: AssemblyInput, mailboxes: MailboxChanges, { message, views }: LinkChanged, users: number[]): AssembledResult {
  const sender = message.sender_id;
  const pinned = pinnedKinds(views, sender);
  const seenUsers = input.users.render(sender, users, pinned);
  const bodies: Message[] = [];
  for (const item of message.items) {
    const body = messageBody(message, item, mailboxes.nextMessageId(sender), true);
    mailboxes.storeMessage({ userId: sender, peer: boxPeer(message, sender), body });
    bodies.push(body);
  }
  // The sender's feed records its own messages (other sessions sync them) but never a link change.
  const { pts, seq } = mailboxes.appendToFeed(
    sender,
    bodies.map((body) => ({ kind: 'message', date: message.date, body, users: seenUsers })),
  );
  const links: ContactsLink[] = views
    .filter((v) => v.changed && v.owner_id === sender)
    .map((view) => ({
      _: 'contacts.link',
      my_link: view.my_link,
      foreign_link: view.foreign_link,
      user: input.users.render(sender, [view.peer_id], pinned)[0],
    }));
  const result = senderResult(input, message, bodies, seenUsers, links, pts, seq);
  return { sender, randomId: message.random_id, result };
}

/** The send method's result constructor: plain, or its *Link variant with the sender's changed links (layer ≥ 3). */
function senderResult(
  { chats }: AssemblyInput,
  message: SentMessage,
  bodies: Message[],
  users: User[],
  links: ContactsLink[],
  pts: number,
  seq: number,
): SendResultTl {
  const method: SendMethod = message.method === 'messages.createChat' ? 'messages.sendMedia' : message.method;
  const linked = resultCarriesLinks(sendResultConstructor(method, message.layer, links.length));
  const chat = message.peer.kind === 'chat' ? chats.get(message.peer.chat_id) : undefined;
  const chatList = chat ? [chat] : [];
  switch (method) {
    case 'messages.sendMessage': {
      const sent = { id: bodies[0].id, date: message.date, pts, seq };
      return linked ? { _: 'messages.sentMessageLink', ...sent, links } : { _: 'messages.sentMessage', ...sent };
    }
    case 'messages.sendMedia':
    case 'messages.forwardMessage': {
      const stated = { message: bodies[0], chats: chatList, users, pts, seq };
      return linked ? { _: 'messages.statedMessageLink', ...stated, links } : { _: 'messages.statedMessage', ...stated };
    }
    case 'messages.forwardMessages':
    case 'messages.sendBroadcast': {
      const stated = { messages: bodies, chats: chatList, users, pts, seq };
      return linked ? { _: 'messages.statedMessagesLinks', ...stated, links } : { _: 'messages.statedMessages', ...stated };
    }
  }
}
