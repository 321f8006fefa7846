import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { UserProfile, renderUser } from '@app/links';
import { AppConfig, InjectConfig } from '@app/platform';
import { Sessions } from '../pipeline/sessions';
import { badRequest } from '../rpc/rpc-error';
import { RpcMethod } from '../rpc/rpc-method';
import { phoneNumber } from '../rpc/tl-inputs';
import { SESSION_EXPIRES } from './auth.sign-up';

const params = z.object({ phone_number: phoneNumber });

/** For tests and development: a real deployment puts its own login (codes, 2FA) in front. */
@Injectable()
export class SignIn implements RpcMethod<typeof params> {
  readonly name = 'auth.signIn';
  readonly params = params;
  readonly requiresAuth = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async execute(input: z.infer<typeof params>) {
    const [user]: UserProfile[] = await this.dataSource.query(
      `SELECT id, phone, first_name, last_name, deleted FROM users WHERE phone = $1 AND NOT deleted`,
      [input.phone_number],
    );
    if (!user) throw badRequest('PHONE_NUMBER_UNOCCUPIED');
    const token = await this.sessions.open(this.dataSource.manager, user.id);
    return { _: 'auth.authorization', expires: SESSION_EXPIRES, user: renderUser('userSelf', user, user.id, this.config.accessHashSecret), token };
  }
}
