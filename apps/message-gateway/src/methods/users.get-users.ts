import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { UserDirectory } from '@app/platform';
import { Peers } from '../pipeline/peers';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { inputUsers } from '../rpc/tl-inputs';

const params = z.object({ id: inputUsers(200) });

@Injectable()
export class GetUsers implements RpcMethod<typeof params> {
  readonly name = 'users.getUsers';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly peers: Peers,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const ids = await Promise.all(input.id.map((i) => this.peers.user(call.userId, i)));
    return this.directory.render(this.dataSource.manager, call.userId, ids);
  }
}
