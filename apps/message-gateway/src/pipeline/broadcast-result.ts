import type { ContactsLink, MessagesStatedMessages, User } from '@app/tl';
import { SendResultTl } from '@app/projection';
import { serverRandomId } from './server-random-id';
import { badRequest } from '@app/platform';

/** The most recipients one sendBroadcast may name (docs/api.md): each is a send of its own. */
export const BROADCAST_MAX_RECIPIENTS = 100;

/**
 * One random_id per recipient: the client's list (same length as the recipients, or
 * RANDOM_ID_INVALID; each id once is checked with the list) or, without one, ids the server
 * picks, which make a retry a new broadcast.
 */
export function broadcastRandomIds(recipients: number, given: readonly string[] | undefined): string[] {
  if (!given) return Array.from({ length: recipients }, serverRandomId);
  if (given.length !== recipients) throw badRequest('RANDOM_ID_INVALID');
  return [...given];
}

function isStatedMessages(result: SendResultTl): result is MessagesStatedMessages {
  return result._ === 'messages.statedMessages' || result._ === 'messages.statedMessagesLinks';
}

/**
 * A broadcast's one result from its recipients' results (each the sender's side of one private
 * message, in recipient order): the sender's messages in that order, each user once as the newest
 * of them shows it, the changed links of every recipient, and the sender's pts and seq after the
 * last. It carries links (statedMessagesLinks) when any recipient's result did, that is on layer 3
 * when the broadcast changed a view of the sender's.
 */
export function mergeBroadcastResults(parts: readonly SendResultTl[]): MessagesStatedMessages {
  const stated = parts.map((part) => {
    if (!isStatedMessages(part)) throw new Error(`a broadcast recipient's result is ${part._}, not messages.statedMessages`);
    return part;
  });
  const newestLast = [...stated].sort((a, b) => a.pts - b.pts);
  const users = new Map<number, User>();
  for (const part of newestLast) for (const user of part.users) users.set(user.id, user);
  const links: ContactsLink[] = stated.flatMap((part) => (part._ === 'messages.statedMessagesLinks' ? part.links : []));
  const last = newestLast[newestLast.length - 1];
  const merged = {
    messages: stated.flatMap((part) => part.messages),
    chats: [],
    users: [...users.values()],
    pts: last.pts,
    seq: Math.max(...stated.map((part) => part.seq)),
  };
  return stated.some((part) => part._ === 'messages.statedMessagesLinks')
    ? { _: 'messages.statedMessagesLinks', ...merged, links }
    : { _: 'messages.statedMessages', ...merged };
}
