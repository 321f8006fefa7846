import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import { MessageContent } from '@app/events';
import { FLOOD_WAIT_N, badRequest } from '@app/platform';
import { BROADCAST_MAX_RECIPIENTS, broadcastRandomIds, mergeBroadcastResults } from '../pipeline/broadcast-result';
import { ContactCards } from '../pipeline/contact-card';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputMedia, inputUsers, optionalMessageText, randomId, uniqueList } from '../rpc/tl-inputs';

/** Layer 3's sendBroadcast has no random_id; a client may add one per recipient to make retries safe. */
const params = z.object({
  contacts: inputUsers(BROADCAST_MAX_RECIPIENTS, 1, { empty: 'CONTACTS_EMPTY', tooLong: 'CONTACTS_TOO_MUCH' }),
  message: optionalMessageText.default(''),
  media: inputMedia,
  random_id: uniqueList(
    randomId,
    { max: BROADCAST_MAX_RECIPIENTS },
    { invalid: 'RANDOM_ID_INVALID', tooLong: 'RANDOM_ID_INVALID', duplicate: 'RANDOM_ID_DUPLICATE' },
  ).optional(),
});

/**
 * One private message per recipient, each its own MessageSent under the link rule (keyed by its
 * pair, recorded per (sender, random_id)), answered as one statedMessages(Links). Every recipient
 * is resolved before anything is written, so one bad recipient refuses the whole call.
 */
@Injectable()
export class SendBroadcast implements RpcMethod<typeof params> {
  readonly name = 'messages.sendBroadcast';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.statedMessages', 'messages.statedMessagesLinks'] as const;
  readonly errors = ['USER_ID_INVALID', 'MESSAGE_EMPTY', FLOOD_WAIT_N, ...SEND_ERRORS] as const;

  constructor(
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
    private readonly cards: ContactCards,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const randomIds = broadcastRandomIds(input.contacts.length, input.random_id);
    const recipients: number[] = [];
    for (const contact of input.contacts) recipients.push(await this.peers.user(call.userId, contact));
    const content = await this.content(input, call);
    const results = await this.pipeline.sendAll(
      call,
      recipients.map((user_id, i) => ({
        method: this.name,
        random_id: randomIds[i],
        peer: { kind: 'user', user_id },
        items: [{ content }],
      })),
    );
    return mergeBroadcastResults(results);
  }

  /** inputMediaEmpty sends the text, which must then have some; a contact card may come with or without one. */
  private async content({ media, message }: z.infer<typeof params>, call: CallContext): Promise<MessageContent> {
    if (media._ === 'inputMediaContact') return this.cards.content(call, media, message);
    if (message === '') throw badRequest('MESSAGE_EMPTY');
    return { kind: 'text', text: message };
  }
}
