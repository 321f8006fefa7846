import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { renderUser } from '@app/links';
import { AppConfig, InjectConfig } from '@app/platform';
import { SESSION_EXPIRES } from '../../apps/message-gateway/src/methods/auth.sign-up';
import { Sessions } from '../../apps/message-gateway/src/pipeline/sessions';
import { badRequest } from '../../apps/message-gateway/src/rpc/rpc-error';
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
      const [{ id }]: { id: number }[] = await db.query(`SELECT nextval('user_ids')::int AS id`);
      const inserted: unknown[] = await db.query(
        `INSERT INTO users (id, phone, first_name, last_name) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING RETURNING 1`,
        [id, input.phone_number, input.first_name, input.last_name],
      );
      if (inserted.length === 0) throw badRequest('PHONE_NUMBER_OCCUPIED');
      const token = await this.sessions.open(db, id);
      const user = { id, phone: input.phone_number, first_name: input.first_name, last_name: input.last_name, deleted: false };
      return { _: 'auth.authorization', expires: SESSION_EXPIRES, user: renderUser('userSelf', user, id, this.config.accessHashSecret), token };
    });
  }
}
