import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PayloadOf } from '@app/events';
import { LinkView, MessageOutcome, UserKind, decidePrivateMessage, linkUpdateRecipients, sendResultConstructor } from '@app/links';
import { UserDirectory, loadPair, savePair } from '@app/platform';
import { FeedEntry, MailboxBatch } from '../../apps/result-assembler/src/mailbox-batch';
import { messageBody } from '../../apps/result-assembler/src/message-body';
import { badRequest } from '../../apps/message-gateway/src/rpc/rpc-error';

type TlObject = Record<string, unknown>;
type Message = PayloadOf<'MessageSent'>;

export interface PrivateSend {
  readonly sender: number;
  readonly recipient: number;
  readonly text: string;
  readonly randomId: string;
  readonly layer: number;
}

type Changed = MessageOutcome['views'][number];

/** What the pipeline's three steps do for one private message, inside the caller's one transaction. */
export async function sendPrivateMessage(
  db: EntityManager,
  directory: UserDirectory,
  send: PrivateSend,
  feedEntries: number,
): Promise<TlObject> {
  const repeated = await claimRandomId(db, send);
  if (repeated) return repeated;
  const message: Message = {
    sender_id: send.sender,
    random_id: send.randomId,
    method: 'messages.sendMessage',
    layer: send.layer,
    peer: { kind: 'user', user_id: send.recipient },
    date: Math.floor(Date.now() / 1000),
    items: [{ content: { kind: 'text', text: send.text } }],
  };
  const outcome = await decideLinks(db, send);
  const mailboxes = await MailboxBatch.lock(db, outcome.delivered ? [send.sender, send.recipient] : [send.sender]);
  if (outcome.delivered) await deliver(db, directory, mailboxes, message, send.recipient, outcome.views);
  const result = await completeSend(db, directory, mailboxes, message, outcome.views);
  await mailboxes.flush(db, feedEntries);
  await db.query(`UPDATE sends SET result = $3 WHERE sender_id = $1 AND random_id = $2`, [send.sender, send.randomId, result]);
  return result;
}

/** Records (sender, random_id) once; a repeat gets the first call's result (it committed with it). */
async function claimRandomId(db: EntityManager, send: PrivateSend): Promise<TlObject | undefined> {
  const requestHash = createHash('sha256')
    .update(JSON.stringify(['messages.sendMessage', send.recipient, send.text]))
    .digest('hex');
  const claimed: unknown[] = await db.query(
    `INSERT INTO sends (sender_id, random_id, event_id, request_hash, events) VALUES ($1, $2, $3, $4, '[]') ON CONFLICT DO NOTHING RETURNING 1`,
    [send.sender, send.randomId, randomUUID(), requestHash],
  );
  if (claimed.length > 0) return undefined;
  const [first]: { request_hash: string; result: TlObject }[] = await db.query(
    `SELECT request_hash, result FROM sends WHERE sender_id = $1 AND random_id = $2`,
    [send.sender, send.randomId],
  );
  if (first.request_hash !== requestHash) throw badRequest('RANDOM_ID_DUPLICATE');
  return first.result;
}

/** The link rule on the locked pair; a message to oneself moves no pair. */
async function decideLinks(db: EntityManager, send: PrivateSend): Promise<{ delivered: boolean; views: readonly Changed[] }> {
  if (send.sender === send.recipient) return { delivered: false, views: [] };
  const before = await loadPair(db, send.sender, send.recipient, 'for update');
  const decided = decidePrivateMessage(before, send.sender, send.recipient);
  await savePair(db, before, decided.next, randomUUID());
  return decided;
}

function kindsSeenBy(views: readonly Changed[], owner: number): Map<number, UserKind> {
  return new Map(views.filter(({ view }) => view.owner === owner).map(({ view }) => [view.peer, view.userKind]));
}

function changedViewsOf(views: readonly Changed[], owner: number): LinkView[] {
  return views.filter(({ view, changed }) => changed && view.owner === owner).map(({ view }) => view);
}

/** The recipient's box and feed: its updateContactLink first, then the message. */
async function deliver(
  db: EntityManager,
  directory: UserDirectory,
  mailboxes: MailboxBatch,
  message: Message,
  recipient: number,
  views: readonly Changed[],
): Promise<void> {
  const kinds = kindsSeenBy(views, recipient);
  const entries: FeedEntry[] = [];
  for (const view of linkUpdateRecipients(changedViewsOf(views, recipient), message.sender_id)) {
    entries.push({
      kind: 'link',
      date: message.date,
      body: { _: 'updateContactLink', user_id: view.peer, my_link: view.myLink, foreign_link: view.foreignLink },
      users: await directory.render(db, recipient, [view.peer], kinds),
    });
  }
  const users = await directory.render(db, recipient, [message.sender_id, recipient], kinds);
  const body = messageBody(message, message.items[0], mailboxes.nextMessageId(recipient), false);
  mailboxes.storeMessage(recipient, { kind: 'user', id: message.sender_id }, body);
  entries.push({ kind: 'message', date: message.date, body, users });
  mailboxes.appendToFeed(recipient, entries);
}

/** The sender's box and feed, and its result: *Link constructors carry the sender's changed links (layer 3). */
async function completeSend(
  db: EntityManager,
  directory: UserDirectory,
  mailboxes: MailboxBatch,
  message: Message,
  views: readonly Changed[],
): Promise<TlObject> {
  const sender = message.sender_id;
  const recipient = message.peer.kind === 'user' ? message.peer.user_id : sender;
  const kinds = kindsSeenBy(views, sender);
  const users = await directory.render(db, sender, [sender, recipient], kinds);
  const body = messageBody(message, message.items[0], mailboxes.nextMessageId(sender), true);
  mailboxes.storeMessage(sender, { kind: 'user', id: recipient }, body);
  const { pts, seq } = mailboxes.appendToFeed(sender, [{ kind: 'message', date: message.date, body, users }]);
  const links: TlObject[] = [];
  for (const view of changedViewsOf(views, sender)) {
    const [user] = await directory.render(db, sender, [view.peer], kinds);
    links.push({ _: 'contacts.link', my_link: view.myLink, foreign_link: view.foreignLink, user });
  }
  const constructor = sendResultConstructor('messages.sendMessage', message.layer, links.length);
  return { _: constructor, id: body.id, date: message.date, pts, seq, ...(constructor.endsWith('Link') ? { links } : {}) };
}
