import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import { makeEvent, newMeta } from '@app/events';
import { Authorizations, CODE_ERRORS } from '../auth/authorization';
import { COMMAND_LOG_ERRORS, CommandLog } from '../pipeline/command-log';
import { CallContext, MethodContract, RpcMethod } from '../rpc/rpc-method';
import { firstName, lastName, phoneCode, phoneCodeHash, phoneNumber } from '../rpc/tl-inputs';

export const signUpParams = z.object({
  phone_number: phoneNumber,
  phone_code_hash: phoneCodeHash,
  phone_code: phoneCode,
  first_name: firstName,
  last_name: lastName.default(''),
});

export const signUpContract = {
  results: ['auth.authorization'],
  errors: [...CODE_ERRORS, 'PHONE_NUMBER_OCCUPIED', ...COMMAND_LOG_ERRORS],
} as const satisfies MethodContract;

/**
 * Registers a user with the code from auth.sendCode. The user row, the used code and
 * UserRegistered (in the gateway's outbox) commit together; the session is opened only once the
 * event is durably in the log, so a 200 always means the registration is in the log. If the log
 * cannot take it before the deadline the call answers 503 without a session; the outbox sweeper
 * still publishes the registration, and the client signs in anew (sendCode now says
 * phone_registered).
 */
@Injectable()
export class SignUp implements RpcMethod<typeof signUpParams> {
  readonly name = 'auth.signUp';
  readonly params = signUpParams;
  readonly requiresAuth = false;
  readonly results = signUpContract.results;
  readonly errors = signUpContract.errors;

  constructor(
    private readonly dataSource: DataSource,
    private readonly authorizations: Authorizations,
    private readonly log: CommandLog,
  ) {}

  async execute(input: z.infer<typeof signUpParams>, call: CallContext) {
    await this.authorizations.prove(input);
    const { user, staged } = await this.dataSource.transaction(async (db) => {
      const registered = await this.authorizations.register(db, input);
      const { id, phone, first_name, last_name } = registered;
      const event = makeEvent('UserRegistered', { user_id: id, phone, first_name, last_name }, newMeta(call.cause));
      return { user: registered, staged: await this.log.stage(db, [event]) };
    });
    await this.log.publishStaged(staged);
    return this.authorizations.open(this.dataSource.manager, user, call.layer);
  }
}
