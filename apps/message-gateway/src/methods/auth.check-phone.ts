import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import type { TlObjectOf } from '@app/tl';
import { FLOOD_WAIT_N, users } from '@app/platform';
import { RateLimits } from '../auth/rate-limits';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { phoneNumber } from '../rpc/tl-inputs';

const params = z.object({ phone_number: phoneNumber });

/** Whether a phone has an account; rate-limited per client address. Invitations do not exist here: phone_invited is false. */
@Injectable()
export class CheckPhone implements RpcMethod<typeof params> {
  readonly name = 'auth.checkPhone';
  readonly params = params;
  readonly requiresAuth = false;
  readonly results = ['auth.checkedPhone'] as const;
  readonly errors = [FLOOD_WAIT_N] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: RateLimits,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<TlObjectOf<'auth.checkedPhone'>> {
    await this.limits.take(this.limits.lookupsFrom(call));
    const registered = (await users.byPhone(this.dataSource, input.phone_number)) !== undefined;
    return { _: 'auth.checkedPhone', phone_registered: registered, phone_invited: false };
  }
}
