import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import { SEND_ERRORS } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputPeer, messageId, randomId } from '../rpc/tl-inputs';
import { ForwardMessages } from './messages.forward-messages';

/** Layer 3's single forward: forwardMessages with one id, a required random_id and the singular result. */
const params = z.object({ peer: inputPeer, id: messageId, random_id: randomId });

@Injectable()
export class ForwardMessage implements RpcMethod<typeof params> {
  readonly name = 'messages.forwardMessage';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.statedMessage', 'messages.statedMessageLink'] as const;
  readonly errors = ['PEER_ID_INVALID', 'MESSAGE_ID_INVALID', ...SEND_ERRORS] as const;

  constructor(private readonly forwards: ForwardMessages) {}

  execute(input: z.infer<typeof params>, call: CallContext) {
    return this.forwards.forward(call, this.name, input.peer, [input.id], input.random_id);
  }
}
