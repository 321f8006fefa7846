import { MessageContent, PayloadOf } from '@app/events';
import { Sql, badRequest, mailboxes } from '@app/platform';
import type { Message } from '@app/tl';

type SendItem = PayloadOf<'MessageSent'>['items'][number];

/** A stored message's content, as a forward carries it. */
function contentOf(body: Exclude<Message, { _: 'messageService' }>): MessageContent {
  if (body.media._ === 'messageMediaContact') {
    const { phone_number, first_name, last_name, user_id } = body.media;
    return { kind: 'contact', text: body.message, phone_number, first_name, last_name, user_id };
  }
  return { kind: 'text', text: body.message };
}

/**
 * The copies a forward of `ids` out of the caller's own box sends (forwardMessages, forwardMessage),
 * each naming the original author; service messages and unknown ids are MESSAGE_ID_INVALID.
 */
export async function forwardedItems(db: Sql, caller: number, ids: readonly number[]): Promise<SendItem[]> {
  const byId = await mailboxes.messages(db, caller, [...ids]);
  return ids.map((id) => {
    const body = byId.get(id);
    if (!body || body._ === 'messageService') throw badRequest('MESSAGE_ID_INVALID');
    const origin =
      body._ === 'messageForwarded' ? { from_id: body.fwd_from_id, date: body.fwd_date } : { from_id: body.from_id, date: body.date };
    return { content: contentOf(body), forwarded_from: origin };
  });
}
