import { MessageContent, PayloadOf } from '@app/events';
import type { Message, MessageMedia, Peer } from '@app/tl';

/** `to_id` of a message: the chat, or for a private message the recipient user. */
export function toPeer(message: PayloadOf<'MessageSent'>): Peer {
  return message.peer.kind === 'chat' ? { _: 'peerChat', chat_id: message.peer.chat_id } : { _: 'peerUser', user_id: message.peer.user_id };
}

function media(content: MessageContent): MessageMedia {
  if (content.kind !== 'contact') return { _: 'messageMediaEmpty' };
  const { phone_number, first_name, last_name, user_id } = content;
  return { _: 'messageMediaContact', phone_number, first_name, last_name, user_id };
}

/** The layer 1–3 Message constructor for one item as stored in one user's box. */
export function messageBody(
  message: PayloadOf<'MessageSent'>,
  item: PayloadOf<'MessageSent'>['items'][number],
  id: number,
  out: boolean,
): Message {
  const common = { id, from_id: message.sender_id, to_id: toPeer(message), out, unread: !out, date: message.date };
  const { content } = item;
  if (content.kind === 'chat_created') {
    return { _: 'messageService', ...common, action: { _: 'messageActionChatCreate', title: content.title, users: content.member_ids } };
  }
  if (item.forwarded_from) {
    const { from_id, date } = item.forwarded_from;
    return { _: 'messageForwarded', fwd_from_id: from_id, fwd_date: date, ...common, message: content.text, media: media(content) };
  }
  return { _: 'message', ...common, message: content.text, media: media(content) };
}
