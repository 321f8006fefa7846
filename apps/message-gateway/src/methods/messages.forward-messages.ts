import { serverRandomId } from '../pipeline/server-random-id';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { MessageContent } from '@app/events';
import { mailboxes } from '@app/platform';
import type { Message } from '@app/tl';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
import { badRequest } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputPeer, positiveId, randomId, uniqueList } from '../rpc/tl-inputs';

/** Layer 1–3 forwardMessages has no random_id; a client may add one to make retries safe. */
const params = z.object({
  peer: inputPeer,
  id: uniqueList(
    positiveId,
    { min: 1, max: 100 },
    { invalid: 'MESSAGE_ID_INVALID', empty: 'MESSAGE_IDS_EMPTY', tooLong: 'MESSAGE_ID_INVALID', duplicate: 'MESSAGE_ID_DUPLICATE' },
  ),
  random_id: randomId.optional(),
});

/** A stored message's content, as a forward carries it. */
function contentOf(body: Exclude<Message, { _: 'messageService' }>): MessageContent {
  if (body.media._ === 'messageMediaContact') {
    const { phone_number, first_name, last_name, user_id } = body.media;
    return { kind: 'contact', text: body.message, phone_number, first_name, last_name, user_id };
  }
  return { kind: 'text', text: body.message };
}

@Injectable()
export class ForwardMessages implements RpcMethod<typeof params> {
  readonly name = 'messages.forwardMessages';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.statedMessages', 'messages.statedMessagesLinks'] as const;
  readonly errors = ['PEER_ID_INVALID', 'MESSAGE_ID_INVALID', ...SEND_ERRORS] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    const byId = await mailboxes.messages(this.dataSource, call.userId, input.id);
    const items = input.id.map((id) => {
      const body = byId.get(id);
      if (!body || body._ === 'messageService') throw badRequest('MESSAGE_ID_INVALID');
      const origin =
        body._ === 'messageForwarded' ? { from_id: body.fwd_from_id, date: body.fwd_date } : { from_id: body.from_id, date: body.date };
      return { content: contentOf(body), forwarded_from: origin };
    });
    const random_id = input.random_id ?? serverRandomId();
    return this.pipeline.send(call, { method: this.name, random_id, peer, items });
  }
}
