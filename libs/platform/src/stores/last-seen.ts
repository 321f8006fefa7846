import { UserId } from '@app/links';
import { Sql } from '../database/sql';

/**
 * The `last_seen` table, each user's latest recorded API call: its one owner. The gateway writes
 * it (at most once a minute per session, apps/message-gateway/src/auth/presence.ts); renderers read
 * it, joined with the profiles (users.profilesSeen), for the users' `status`. Presence is not a link fact: it is not in the log and not replayed.
 */
export const lastSeen = {
  /** Records a call of the user now; a later write wins. */
  async record(db: Sql, userId: UserId): Promise<void> {
    await db.query(
      `INSERT INTO last_seen (user_id, seen_at) VALUES ($1, now())
       ON CONFLICT (user_id) DO UPDATE SET seen_at = GREATEST(last_seen.seen_at, EXCLUDED.seen_at)`,
      [userId],
    );
  },
};
