import { FeedRow } from '@app/platform';
import type { Update, User } from '@app/tl';

/** A feed entry as a TL Update: messages become updateNewMessage with their pts. */
export function asUpdate(row: FeedRow): Update {
  return row.kind === 'message' ? { _: 'updateNewMessage', message: row.body, pts: row.pts } : row.body;
}

/** Users of several entries, one per id; later entries show the newer view. */
export function mergeUsers(rows: readonly FeedRow[]): User[] {
  const byId = new Map<number, User>();
  for (const row of rows) for (const user of row.users) byId.set(user.id, user);
  return [...byId.values()];
}
