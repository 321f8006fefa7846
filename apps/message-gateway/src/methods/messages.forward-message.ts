import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { forwardedItems } from '../pipeline/forwarded-items';
import { Peers } from '../pipeline/peers';
import { SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputPeer, messageId, randomId } from '../rpc/tl-inputs';

/** Layer 3's single forward: forwardMessages with one id, a required random_id and the singular result. */
const params = z.object({ peer: inputPeer, id: messageId, random_id: randomId });

@Injectable()
export class ForwardMessage implements RpcMethod<typeof params> {
  readonly name = 'messages.forwardMessage';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    const items = await forwardedItems(this.dataSource, call.userId, [input.id]);
    return this.pipeline.send(call, { method: this.name, random_id: input.random_id, peer, items });
  }
}
