import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
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
  readonly results = ['userSelf', 'userContact', 'userRequest', 'userForeign', 'userDeleted'] as const;
  readonly errors = ['USER_ID_INVALID'] as const;

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
