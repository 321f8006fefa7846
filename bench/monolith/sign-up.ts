import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { Authorizations } from '../../apps/message-gateway/src/auth/authorization';
import { CallContext, RpcMethod } from '../../apps/message-gateway/src/rpc/rpc-method';
import { signUpContract, signUpParams } from '../../apps/message-gateway/src/methods/auth.sign-up';

/** auth.signUp as the gateway answers it (same code check and session), minus the UserRegistered event: one transaction. */
@Injectable()
export class MonolithSignUp implements RpcMethod<typeof signUpParams> {
  readonly name = 'auth.signUp';
  readonly params = signUpParams;
  readonly requiresAuth = false;
  readonly results = signUpContract.results;
  readonly errors = signUpContract.errors;

  constructor(
    private readonly dataSource: DataSource,
    private readonly authorizations: Authorizations,
  ) {}

  async execute(input: z.infer<typeof signUpParams>, call: CallContext) {
    await this.authorizations.prove(input);
    return this.dataSource.transaction(async (db) =>
      this.authorizations.open(db, await this.authorizations.register(db, input), call.layer),
    );
  }
}
