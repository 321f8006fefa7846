import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Feed, mergeUsers } from '../pipeline/feed';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { int32 } from '../rpc/tl-inputs';

const params = z.object({ pts: int32.pipe(z.number().nonnegative()).describe('PTS_INVALID'), date: int32.default(0), qts: int32.default(0) });

export const DIFFERENCE_LIMIT = 1000;

/**
 * What happened since `pts`. updateContactLink entries sit in other_updates, messages in
 * new_messages; within the feed each link entry has a lower pts than the message it came with.
 */
@Injectable()
export class GetDifference implements RpcMethod<typeof params> {
  readonly name = 'updates.getDifference';
  readonly params = params;
  readonly requiresAuth = true;

  constructor(private readonly feed: Feed) {}

  async execute(input: z.infer<typeof params>, call: CallContext) {
    const date = Math.floor(Date.now() / 1000);
    const { pts, seq } = await this.feed.state(call.userId);
    const rows = await this.feed.after(call.userId, input.pts, DIFFERENCE_LIMIT);
    if (rows.length === 0) return { _: 'updates.differenceEmpty', date, seq };
    const last = rows[rows.length - 1].pts;
    return {
      _: 'updates.difference',
      new_messages: rows.filter((r) => r.kind === 'message').map((r) => r.body),
      new_encrypted_messages: [],
      other_updates: rows.filter((r) => r.kind === 'link').map((r) => r.body),
      chats: [],
      users: mergeUsers(rows),
      state: { _: 'updates.state', pts: last, qts: 0, date, seq: last === pts ? seq : 0, unread_count: 0 },
    };
  }
}
