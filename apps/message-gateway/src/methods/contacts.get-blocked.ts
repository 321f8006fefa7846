import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod/v4';
import type { ContactsBlocked } from '@app/tl';
import { UserDirectory, linkSides } from '@app/platform';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { pageParams } from '../rpc/page-params';

/** `count` of blockedSlice saturates here: counting never reads more rows than this. */
export const BLOCKED_COUNT_LIMIT = 100_000;

const params = z.object(pageParams);

/** The users the caller blocked, latest first, each with when the block began (docs/api.md). */
@Injectable()
export class GetBlocked implements RpcMethod<typeof params> {
  readonly name = 'contacts.getBlocked';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['contacts.blocked', 'contacts.blockedSlice'] as const;
  readonly errors = [] as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: UserDirectory,
  ) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<ContactsBlocked> {
    const db = this.dataSource.manager;
    const rows = await linkSides.blockedBy(db, call.userId, input);
    const result = {
      blocked: rows.map((r) => ({ _: 'contactBlocked' as const, user_id: r.peer_id, date: r.date })),
      users: await this.directory.render(
        db,
        call.userId,
        rows.map((r) => r.peer_id),
      ),
    };
    const count = await linkSides.blockedCount(db, call.userId, BLOCKED_COUNT_LIMIT);
    return count > input.offset + rows.length ? { _: 'contacts.blockedSlice', count, ...result } : { _: 'contacts.blocked', ...result };
  }
}
