import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { users } from '@app/platform';
import { Authorizations, CODE_ERRORS } from '../auth/authorization';
import { badRequest } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { phoneCode, phoneCodeHash, phoneNumber } from '../rpc/tl-inputs';

const params = z.object({ phone_number: phoneNumber, phone_code_hash: phoneCodeHash, phone_code: phoneCode });

/**
 * Signs in with the code from auth.sendCode. The code is checked before the account: without a
 * valid code nobody learns whether the phone is registered. PHONE_NUMBER_UNOCCUPIED leaves the
 * code valid for auth.signUp, as Telegram's clients expect.
 */
@Injectable()
export class SignIn implements RpcMethod<typeof params> {
  readonly name = 'auth.signIn';
  readonly params = params;
  readonly requiresAuth = false;
  readonly results = ['auth.authorization'] as const;
  readonly errors = [...CODE_ERRORS, 'PHONE_NUMBER_UNOCCUPIED'] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly authorizations: Authorizations,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    await this.authorizations.prove(input);
    return this.dataSource.transaction(async (db) => {
      const user = await users.byPhone(db, input.phone_number);
      if (!user) throw badRequest('PHONE_NUMBER_UNOCCUPIED');
      await this.authorizations.consume(db, input);
      return this.authorizations.open(db, user, call.layer);
    });
  }
}
