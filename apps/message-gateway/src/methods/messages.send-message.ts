import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, MethodContract, RpcMethod } from '../rpc/rpc-method';
import { inputPeer, messageText, randomId } from '../rpc/tl-inputs';

export const sendMessageParams = z.object({ peer: inputPeer, message: messageText, random_id: randomId });
export const sendMessageContract = {
  results: ['messages.sentMessage', 'messages.sentMessageLink'],
  errors: ['PEER_ID_INVALID', ...SEND_ERRORS],
} as const satisfies MethodContract;

@Injectable()
export class SendMessage implements RpcMethod<typeof sendMessageParams> {
  readonly name = 'messages.sendMessage';
  readonly params = sendMessageParams;
  readonly requiresAuth = true;
  readonly results = sendMessageContract.results;
  readonly errors = sendMessageContract.errors;

  constructor(
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
  ) {}

  async execute(input: z.infer<typeof sendMessageParams>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    return this.pipeline.send(call, {
      method: this.name,
      random_id: input.random_id,
      peer,
      items: [{ content: { kind: 'text', text: input.message } }],
    });
  }
}
