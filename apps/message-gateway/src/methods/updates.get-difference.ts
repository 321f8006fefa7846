import { Injectable } from '@nestjs/common';
import { z } from 'zod/v4';
import type { UpdatesDifference, UpdatesState } from '@app/tl';
import { DataSource } from 'typeorm';
import { FeedPage, mailboxes } from '@app/platform';
import { mergeUsers } from '../pipeline/feed';
import { named } from '../rpc/field-errors';
import { CallContext, RpcMethod } from '../rpc/rpc-method';
import { int32 } from '../rpc/tl-inputs';

const params = z.object({
  pts: named(int32.pipe(z.number().nonnegative()), { invalid: 'PTS_INVALID' }),
  date: int32.default(0),
  qts: int32.default(0),
});

/** One answer holds at most this much of the feed; the rest comes as differenceSlice, to be asked for again. */
export const DIFFERENCE_PAGE: FeedPage = { rows: 1000, bytes: 512 * 1024 };

/**
 * What happened since `pts`. updateContactLink and updateContactRegistered entries sit in other_updates, messages in
 * new_messages; within the feed each link entry has a lower pts than the message it came with.
 * More than one page answers updates.differenceSlice with the state to continue from, as
 * Telegram's clients expect (they call again with intermediate_state.pts).
 */
@Injectable()
export class GetDifference implements RpcMethod<typeof params> {
  readonly name = 'updates.getDifference';
  readonly params = params;
  readonly requiresAuth = true;
  readonly results = ['updates.difference', 'updates.differenceSlice', 'updates.differenceEmpty'] as const;
  readonly errors = [] as const;

  constructor(private readonly dataSource: DataSource) {}

  async execute(input: z.infer<typeof params>, call: CallContext): Promise<UpdatesDifference> {
    const date = Math.floor(Date.now() / 1000);
    const { pts, seq } = await mailboxes.state(this.dataSource, call.userId);
    const rows = await mailboxes.feedAfter(this.dataSource, call.userId, input.pts, DIFFERENCE_PAGE);
    if (rows.length === 0) return { _: 'updates.differenceEmpty', date, seq };
    const last = rows[rows.length - 1].pts;
    const body = {
      new_messages: rows.flatMap((r) => (r.kind === 'message' ? [r.body] : [])),
      new_encrypted_messages: [],
      other_updates: rows.flatMap((r) => (r.kind === 'message' ? [] : [r.body])),
      chats: [],
      users: mergeUsers(rows),
    };
    const state: UpdatesState = { _: 'updates.state', pts: last, qts: 0, date, seq: last === pts ? seq : 0, unread_count: 0 };
    return last === pts
      ? { _: 'updates.difference', ...body, state }
      : { _: 'updates.differenceSlice', ...body, intermediate_state: state };
  }
}
