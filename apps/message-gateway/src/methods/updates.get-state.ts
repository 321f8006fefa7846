import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import type { UpdatesState } from '@app/tl';
import { DataSource } from 'typeorm';
import { mailboxes } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';

const params = z.object({});

@Injectable()
export class GetState implements RpcMethod<typeof params> {
  readonly name = 'updates.getState';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['updates.state'] as const;
  readonly errors = [] as const;

  constructor(private readonly dataSource: DataSource) {}

  async execute(_input: z.infer<typeof params>, call: CallContext): Promise<UpdatesState> {
    const { pts, seq } = await mailboxes.state(this.dataSource, call.userId);
    return { _: 'updates.state', pts, qts: 0, date: Math.floor(Date.now() / 1000), seq, unread_count: 0 };
  }
}
