import { serverRandomId } from '../pipeline/server-random-id';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import type { InputPeer } from '@app/tl';
import { forwardedItems } from '../pipeline/forwarded-items';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
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

type ForwardMethod = 'messages.forwardMessages' | 'messages.forwardMessage';

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

  execute(input: z.infer<typeof params>, call: CallContext) {
    return this.forward(call, this.name, input.peer, input.id, input.random_id ?? serverRandomId());
  }

  /** Copies `ids` out of the caller's box to `peer`; forwardMessage is this with one id. */
  async forward(call: CallContext, method: ForwardMethod, inputPeer: InputPeer, ids: readonly number[], random_id: string) {
    const peer = await this.peers.peer(call.userId, inputPeer);
    const items = await forwardedItems(this.dataSource, call.userId, ids);
    return this.pipeline.send(call, { method, random_id, peer, items });
  }
}
