import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import { Sessions } from '../auth/sessions';
import { CallContext, RpcMethod } from '../rpc/rpc-method';

const params = z.object({});

/** Ends every session of the caller but the calling one (Telegram's meaning); replicas follow within a second. */
@Injectable()
export class ResetAuthorizations implements RpcMethod<typeof params> {
  readonly name = 'auth.resetAuthorizations';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['boolTrue'] as const;
  readonly errors = [] as const;

  constructor(private readonly sessions: Sessions) {}

  async execute(_input: z.infer<typeof params>, call: CallContext) {
    await this.sessions.revokeOthers(call.session!);
    return true;
  }
}
