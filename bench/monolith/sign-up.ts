import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { renderUser } from '@app/links';
import { AppConfig, InjectConfig } from '@app/platform';
import { SESSION_EXPIRES } from '../../apps/message-gateway/src/methods/auth.sign-up';
import { Sessions } from '../../apps/message-gateway/src/pipeline/sessions';
import { registerUser } from '../../apps/message-gateway/src/pipeline/registration';
import { RpcMethod } from '../../apps/message-gateway/src/rpc/rpc-method';
import { firstName, name, phoneNumber } from '../../apps/message-gateway/src/rpc/tl-inputs';

const params = z.object({ phone_number: phoneNumber, first_name: firstName, last_name: name.default('') });

/** auth.signUp as the gateway answers it, minus the UserRegistered event: user and session in one transaction. */
@Injectable()
export class MonolithSignUp implements RpcMethod<typeof params> {
  readonly name = 'auth.signUp';
  readonly params = params;
  readonly requiresAuth = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  execute(input: z.infer<typeof params>) {
    return this.dataSource.transaction(async (db) => {
      const { user, token } = await registerUser(db, this.sessions, input);
      const id = user.id;
      return { _: 'auth.authorization', expires: SESSION_EXPIRES, user: renderUser('userSelf', user, id, this.config.accessHashSecret), token };
    });
  }
}
