import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Peers } from '../pipeline/peers';
import { SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputPeer, messageText, randomId } from '../rpc/tl-inputs';

const params = z.object({ peer: inputPeer, message: messageText, random_id: randomId });

@Injectable()
export class SendMessage implements RpcMethod<typeof params> {
  readonly name = 'messages.sendMessage';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    return this.pipeline.send(call, {
      method: this.name,
      random_id: input.random_id,
      peer,
      items: [{ content: { kind: 'text', text: input.message } }],
    });
  }
}
