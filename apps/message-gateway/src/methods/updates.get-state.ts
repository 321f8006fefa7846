import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Feed } from '../pipeline/feed';
import { CallContext, RpcMethod } from '../rpc/rpc-method';

const params = z.object({});

@Injectable()
export class GetState implements RpcMethod<typeof params> {
  readonly name = 'updates.getState';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(private readonly feed: Feed) {}

  async execute(_input: z.infer<typeof params>, call: CallContext) {
    const { pts, seq } = await this.feed.state(call.userId);
    return { _: 'updates.state', pts, qts: 0, date: Math.floor(Date.now() / 1000), seq, unread_count: 0 };
  }
}
