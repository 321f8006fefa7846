import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { FLOOD_WAIT_N, users } from '@app/platform';
import { RateLimits } from '../auth/rate-limits';
import { Peers } from '../pipeline/peers';
import { SEND_ERRORS, SendPipeline } from '../pipeline/send-pipeline';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputMediaContact, inputPeer, randomId } from '../rpc/tl-inputs';

const params = z.object({ peer: inputPeer, media: inputMediaContact, random_id: randomId });

/** A contact card: stored as messageMediaContact with the registered user's id, or 0. */
@Injectable()
export class SendMedia implements RpcMethod<typeof params> {
  readonly name = 'messages.sendMedia';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['messages.statedMessage', 'messages.statedMessageLink'] as const;
  readonly errors = ['PEER_ID_INVALID', FLOOD_WAIT_N, ...SEND_ERRORS] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly pipeline: SendPipeline,
    private readonly limits: RateLimits,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const peer = await this.peers.peer(call.userId, input.peer);
    const { phone_number, first_name, last_name } = input.media;
    // The card's user_id tells whether the phone has an account: a phone lookup like any other.
    await this.limits.take(this.limits.lookupsBy(call));
    const owner = await users.byPhone(this.dataSource, phone_number);
    const content = { kind: 'contact' as const, text: '', phone_number, first_name, last_name, user_id: owner?.id ?? 0 };
    return this.pipeline.send(call, { method: this.name, random_id: input.random_id, peer, items: [{ content }] });
  }
}
