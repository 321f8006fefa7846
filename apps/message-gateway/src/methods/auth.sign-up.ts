import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { makeEvent, newMeta } from '@app/events';
import { AppConfig, InjectConfig } from '@app/platform';
import { renderUser } from '@app/links';
import { CommandLog } from '../pipeline/command-log';
import { registerUser } from '../pipeline/registration';
import { Sessions } from '../pipeline/sessions';
import { badRequest } from '../rpc/rpc-error';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { firstName, name, phoneNumber } from '../rpc/tl-inputs';

const params = z.object({ phone_number: phoneNumber, first_name: firstName, last_name: name.default('') });

/** Sessions do not expire in this transport; `expires` is TL's maximum int. */
export const SESSION_EXPIRES = 2 ** 31 - 1;

/**
 * Registers a user: the row, the session and UserRegistered (in the gateway's outbox) commit
 * together; the event is published after the commit, or by the outbox sweeper if the log is
 * unreachable then or this process dies first.
 */
@Injectable()
export class SignUp implements RpcMethod<typeof params> {
  readonly name = 'auth.signUp';
  readonly params = params;
  readonly requiresAuth = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
    private readonly log: CommandLog,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const { user, token, staged } = await this.dataSource.transaction(async (db) => {
      const registered = await registerUser(db, this.sessions, input);
      const { id, phone, first_name, last_name } = registered.user;
      const event = makeEvent('UserRegistered', { user_id: id, phone, first_name, last_name }, newMeta(call.cause));
      return { ...registered, staged: await this.log.stage(db, [event]) };
    });
    await this.log.publishStaged(staged);
    return {
      _: 'auth.authorization',
      expires: SESSION_EXPIRES,
      user: renderUser('userSelf', user, user.id, this.config.accessHashSecret),
      token,
    };
  }
}
