import { CHANNELS, feedKey } from '@app/events';
import { UserId } from '@app/links';
import { FeedEntry, MailboxChanges, MailboxCounters } from '@app/projection';
import type { Message } from '@app/tl';
import { Sql } from '../database/sql';
import { StatementPart } from '../database/statement-parts';

/** A feed entry as stored, with its pts. */
export type FeedRow = FeedEntry & { readonly pts: number };

/** How much of a feed one read may return. */
export interface FeedPage {
  readonly rows: number;
  readonly bytes: number;
}

/** A conversation in one user's box. */
export type BoxPeer = { readonly kind: 'user' | 'chat'; readonly id: number };

/**
 * The users' mailboxes (`mailboxes` counters, `messages` per box, `feed` of updates): their one
 * owner. The assembler (and the monolith) write them; the gateway reads feeds and history.
 */
export const mailboxes = {
  /**
   * Creates missing boxes, locks all of them in id order (so concurrent batches cannot deadlock)
   * and reads their counters, in one statement: the no-op DO UPDATE is what locks and returns a
   * box that already exists.
   */
  async lock(db: Sql, owners: readonly UserId[]): Promise<Map<number, MailboxCounters>> {
    const ids = [...new Set(owners)].sort((a, b) => a - b);
    if (ids.length === 0) return new Map();
    const rows: (MailboxCounters & { user_id: number })[] = await db.query(
      `INSERT INTO mailboxes (user_id) SELECT unnest($1::int[]) ORDER BY 1
       ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id
       RETURNING user_id, pts, seq, last_message_id`,
      [ids],
    );
    return new Map(rows.map(({ user_id, pts, seq, last_message_id }) => [user_id, { pts, seq, last_message_id }]));
  },

  /**
   * Writes a batch's messages, feed entries and counters, trims each grown feed to its last
   * `feedEntries` entries (FEED_MAX_ENTRIES; a range of the primary key, usually nothing), and
   * notifies the owners whose feed grew, as a part of a batch's one statement (the tables are
   * independent; Postgres delivers notifications at commit).
   */
  writePart(changes: MailboxChanges, feedEntries: number): StatementPart | undefined {
    const touched = [...changes.touched];
    if (touched.length === 0) return undefined;
    const { messages, feed } = changes;
    let owners = '';
    let pts = '';
    return {
      modifies: (p) => {
        owners = p.add(touched);
        pts = p.add(touched.map((id) => changes.counters(id).pts));
        return [
          `INSERT INTO messages (user_id, id, peer_kind, peer_id, body)
           SELECT * FROM unnest(${p.add(messages.map((m) => m.userId))}::int[], ${p.add(messages.map((m) => m.body.id))}::int[],
             ${p.add(messages.map((m) => m.peer.kind))}::text[], ${p.add(messages.map((m) => m.peer.id))}::int[],
             ${p.add(messages.map((m) => JSON.stringify(m.body)))}::json[])`,
          `INSERT INTO feed (user_id, pts, date, kind, body, users)
           SELECT * FROM unnest(${p.add(feed.map((f) => f.userId))}::int[], ${p.add(feed.map((f) => f.pts))}::int[],
             ${p.add(feed.map((f) => f.entry.date))}::int[], ${p.add(feed.map((f) => f.entry.kind))}::text[],
             ${p.add(feed.map((f) => JSON.stringify(f.entry.body)))}::json[], ${p.add(feed.map((f) => JSON.stringify(f.entry.users)))}::json[])`,
          `UPDATE mailboxes AS m SET pts = u.pts, seq = u.seq, last_message_id = u.last_message_id
           FROM unnest(${owners}::int[], ${pts}::int[], ${p.add(touched.map((id) => changes.counters(id).seq))}::int[],
             ${p.add(touched.map((id) => changes.counters(id).last_message_id))}::int[]) AS u(user_id, pts, seq, last_message_id)
           WHERE m.user_id = u.user_id`,
          `DELETE FROM feed AS f USING unnest(${owners}::int[], ${pts}::int[]) AS u(user_id, pts)
           WHERE f.user_id = u.user_id AND f.pts <= u.pts - ${p.add(feedEntries)}::int`,
        ];
      },
      selects: (p) =>
        `SELECT pg_notify(${p.add(CHANNELS.feedAppended)}, id) FROM unnest(${p.add([...changes.appended].map(feedKey))}::text[]) AS id`,
    };
  },

  async state(db: Sql, user: UserId): Promise<{ pts: number; seq: number }> {
    const rows: { pts: number; seq: number }[] = await db.query(`SELECT pts, seq FROM mailboxes WHERE user_id = $1`, [user]);
    return rows[0] ?? { pts: 0, seq: 0 };
  },

  /**
   * Feed entries after `pts` in pts order, at most `rows` of them and about `bytes` of JSON: the
   * database stops at the first entry that starts past the budget, so at least one entry comes
   * back however large, and a reader never holds more than the budget and one entry.
   */
  feedAfter(db: Sql, user: UserId, pts: number, { rows, bytes }: FeedPage): Promise<FeedRow[]> {
    return db.query(
      `SELECT pts, date, kind, body, users FROM (
         SELECT pts, date, kind, body, users,
           sum(octet_length(body::text) + octet_length(users::text)) OVER (ORDER BY pts) - octet_length(body::text) - octet_length(users::text) AS before
         FROM (SELECT * FROM feed WHERE user_id = $1 AND pts > $2 ORDER BY pts LIMIT $3) page) sized
       WHERE before < $4 ORDER BY pts`,
      [user, pts, rows, bytes],
    );
  },

  /** A page of one conversation of a box, newest first, and how many messages it has (counted up to `countLimit`). */
  async history(
    db: Sql,
    user: UserId,
    peer: BoxPeer,
    page: { maxId: number; offset: number; limit: number; countLimit: number },
  ): Promise<{ messages: Message[]; count: number }> {
    const where = `user_id = $1 AND peer_kind = $2 AND peer_id = $3 AND ($4 = 0 OR id < $4)`;
    const rows: { body: Message }[] = await db.query(`SELECT body FROM messages WHERE ${where} ORDER BY id DESC OFFSET $5 LIMIT $6`, [
      user,
      peer.kind,
      peer.id,
      page.maxId,
      page.offset,
      page.limit,
    ]);
    const [{ count }]: { count: number }[] = await db.query(
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM messages WHERE ${where} LIMIT $5) bounded`,
      [user, peer.kind, peer.id, page.maxId, page.countLimit],
    );
    return { messages: rows.map((r) => r.body), count };
  },

  /** Messages of a box by id. */
  async messages(db: Sql, user: UserId, ids: readonly number[]): Promise<Map<number, Message>> {
    const rows: { id: number; body: Message }[] = await db.query(
      `SELECT id, body FROM messages WHERE user_id = $1 AND id = ANY($2::int[])`,
      [user, [...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.body]));
  },
};
