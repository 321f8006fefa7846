import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import { FLOOD_WAIT_N } from '@app/platform';
import { ContactCards } from '../pipeline/contact-card';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputMediaContact, inputPeer, randomId } from '../rpc/tl-inputs';

const params = z.object({ peer: inputPeer, media: inputMediaContact, random_id: randomId });

/** A contact card (pipeline/contact-card.ts). */
@Injectable()
export class SendMedia implements RpcMethod<typeof params> {
  readonly name = 'messages.sendMedia';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.statedMessage', 'messages.statedMessageLink'] as const;
  readonly errors = ['PEER_ID_INVALID', FLOOD_WAIT_N, ...SEND_ERRORS] as const;

  constructor(
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
    private readonly cards: ContactCards,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    const content = await this.cards.content(call, input.media);
    return this.pipeline.send(call, { method: this.name, random_id: input.random_id, peer, items: [{ content }] });
  }
}
