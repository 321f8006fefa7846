import { UserId } from '@app/links';
import { Sql } from '../database/sql';

/**
 * The `last_seen` table, each user's latest recorded API call: its one owner. The gateway writes
 * it (at most once a minute per session, apps/message-gateway/src/auth/presence.ts); renderers read
 * it for the users' `status`. Presence is not a link fact: it is not in the log and not replayed.
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

  /** The latest recorded call of each of `ids` that made one, unix seconds. */
  async of(db: Sql, ids: readonly UserId[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows: { user_id: number; seen: number }[] = await db.query(
      `SELECT user_id, extract(epoch FROM seen_at)::int AS seen FROM last_seen WHERE user_id = ANY($1::int[])`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.user_id, r.seen]));
  },
};
