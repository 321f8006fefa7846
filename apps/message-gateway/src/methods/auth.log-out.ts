import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import { Sessions } from '../auth/sessions';
import { CallContext, RpcMethod } from '../rpc/rpc-method';

const params = z.object({});

/** Ends the calling session; every gateway replica refuses its token within a second. */
@Injectable()
export class LogOut implements RpcMethod<typeof params> {
  readonly name = 'auth.logOut';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['boolTrue'] as const;
  readonly errors = [] as const;

  constructor(private readonly sessions: Sessions) {}

  async execute(_input: z.infer<typeof params>, call: CallContext) {
    await this.sessions.revoke(call.session!);
    return true;
  }
}
