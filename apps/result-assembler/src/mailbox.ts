import { EntityManager } from 'typeorm';

export interface FeedEntry {
  readonly kind: 'message' | 'link';
  readonly date: number;
  readonly body: Record<string, unknown>;
  readonly users: Record<string, unknown>[];
}

/** Locks the mailboxes a batch touches in id order, so concurrent batches cannot deadlock. */
export async function lockMailboxes(db: EntityManager, userIds: readonly number[]): Promise<void> {
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await db.query(`INSERT INTO mailboxes (user_id) SELECT unnest($1::int[]) ORDER BY 1 ON CONFLICT DO NOTHING`, [ids]);
  await db.query(`SELECT user_id FROM mailboxes WHERE user_id = ANY($1::int[]) ORDER BY user_id FOR UPDATE`, [ids]);
}

/** Next message id in the user's own box (ids are per box, as in layer 3). UPDATE … RETURNING sits in a
 * CTE because TypeORM returns [rows, count] for a bare UPDATE. */
export async function nextMessageId(db: EntityManager, userId: number): Promise<number> {
  const [row]: { last_message_id: number }[] = await db.query(
    `WITH bumped AS (UPDATE mailboxes SET last_message_id = last_message_id + 1 WHERE user_id = $1 RETURNING last_message_id)
     SELECT last_message_id FROM bumped`,
    [userId],
  );
  return row.last_message_id;
}

export async function storeMessage(db: EntityManager, userId: number, peer: { kind: string; id: number }, message: Record<string, unknown>): Promise<void> {
  await db.query(`INSERT INTO messages (user_id, id, peer_kind, peer_id, body) VALUES ($1, $2, $3, $4, $5)`, [
    userId,
    message.id,
    peer.kind,
    peer.id,
    message,
  ]);
}

/** Appends entries to the user's updates feed with consecutive pts; returns the new pts and seq. */
export async function appendToFeed(db: EntityManager, userId: number, entries: readonly FeedEntry[]): Promise<{ pts: number; seq: number }> {
  const [box]: { pts: number; seq: number }[] = await db.query(
    `WITH bumped AS (UPDATE mailboxes SET pts = pts + $2, seq = seq + 1 WHERE user_id = $1 RETURNING pts, seq)
     SELECT pts, seq FROM bumped`,
    [userId, entries.length],
  );
  const first = box.pts - entries.length + 1;
  await db.query(
    `INSERT INTO feed (user_id, pts, date, kind, body, users)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[])`,
    [
      userId,
      entries.map((_, i) => first + i),
      entries.map((e) => e.date),
      entries.map((e) => e.kind),
      entries.map((e) => JSON.stringify(e.body)),
      entries.map((e) => JSON.stringify(e.users)),
    ],
  );
  await db.query(`SELECT pg_notify('feed_appended', $1)`, [String(userId)]);
  return box;
}
