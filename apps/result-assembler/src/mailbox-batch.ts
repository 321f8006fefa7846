import { EntityManager } from 'typeorm';

/** Channel the gateway's live feeds listen on; the payload is the user id. */
const FEED_CHANNEL = 'feed_appended';

export interface FeedEntry {
  readonly kind: 'message' | 'link';
  readonly date: number;
  readonly body: Record<string, unknown>;
  readonly users: Record<string, unknown>[];
}

interface Counters {
  pts: number;
  seq: number;
  last_message_id: number;
}

interface MessageRow {
  readonly userId: number;
  readonly peer: { readonly kind: string; readonly id: number };
  readonly body: Record<string, unknown>;
}

/**
 * The mailboxes one batch writes to: locked and read with one query up front, message ids, pts and
 * seq counted in memory, and the rows written with one statement per table at the end, instead of
 * several round trips per message and recipient.
 */
export class MailboxBatch {
  private readonly messages: MessageRow[] = [];
  private readonly feed: { readonly userId: number; readonly pts: number; readonly entry: FeedEntry }[] = [];
  private readonly touched = new Set<number>();
  /** Owners whose feed grew, in the order they first did: one notification each. */
  private readonly appended = new Set<number>();

  private constructor(private readonly boxes: ReadonlyMap<number, Counters>) {}

  /**
   * Creates missing boxes, locks all of them in id order (so concurrent batches cannot deadlock)
   * and reads their counters, in one statement: the no-op DO UPDATE is what locks and returns a
   * box that already exists.
   */
  static async lock(db: EntityManager, owners: readonly number[]): Promise<MailboxBatch> {
    const ids = [...new Set(owners)].sort((a, b) => a - b);
    if (ids.length === 0) return new MailboxBatch(new Map());
    const rows: (Counters & { user_id: number })[] = await db.query(
      `INSERT INTO mailboxes (user_id) SELECT unnest($1::int[]) ORDER BY 1
       ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id
       RETURNING user_id, pts, seq, last_message_id`,
      [ids],
    );
    return new MailboxBatch(new Map(rows.map(({ user_id, pts, seq, last_message_id }) => [user_id, { pts, seq, last_message_id }])));
  }

  /** Next message id in the owner's own box (ids are per box, as in layer 3). */
  nextMessageId(owner: number): number {
    this.touched.add(owner);
    return ++this.box(owner).last_message_id;
  }

  storeMessage(owner: number, peer: { kind: string; id: number }, body: Record<string, unknown>): void {
    this.messages.push({ userId: owner, peer, body });
  }

  /** Appends entries to the owner's updates feed with consecutive pts; returns the new pts and seq. */
  appendToFeed(owner: number, entries: readonly FeedEntry[]): { pts: number; seq: number } {
    const box = this.box(owner);
    for (const entry of entries) this.feed.push({ userId: owner, pts: ++box.pts, entry });
    box.seq += 1;
    this.touched.add(owner);
    this.appended.add(owner);
    return { pts: box.pts, seq: box.seq };
  }

  /**
   * Writes the batch's messages, feed entries and counters, trims each grown feed to its last
   * `feedEntries` entries (FEED_MAX_ENTRIES; a range of the primary key, usually nothing), and
   * notifies the owners whose feed grew, in one statement (the tables are independent; Postgres
   * delivers notifications at commit).
   */
  async flush(db: EntityManager, feedEntries: number): Promise<void> {
    const touched = [...this.touched];
    if (touched.length === 0) return;
    await db.query(
      `WITH stored AS (
         INSERT INTO messages (user_id, id, peer_kind, peer_id, body)
         SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::jsonb[])),
       fed AS (
         INSERT INTO feed (user_id, pts, date, kind, body, users)
         SELECT * FROM unnest($6::int[], $7::int[], $8::int[], $9::text[], $10::jsonb[], $11::jsonb[])),
       counted AS (
         UPDATE mailboxes AS m SET pts = u.pts, seq = u.seq, last_message_id = u.last_message_id
         FROM unnest($12::int[], $13::int[], $14::int[], $15::int[]) AS u(user_id, pts, seq, last_message_id)
         WHERE m.user_id = u.user_id),
       trimmed AS (
         DELETE FROM feed AS f USING unnest($12::int[], $13::int[]) AS u(user_id, pts)
         WHERE f.user_id = u.user_id AND f.pts <= u.pts - $18)
       SELECT pg_notify($16, id::text) FROM unnest($17::int[]) AS id`,
      [
        this.messages.map((m) => m.userId),
        this.messages.map((m) => m.body.id),
        this.messages.map((m) => m.peer.kind),
        this.messages.map((m) => m.peer.id),
        this.messages.map((m) => JSON.stringify(m.body)),
        this.feed.map((f) => f.userId),
        this.feed.map((f) => f.pts),
        this.feed.map((f) => f.entry.date),
        this.feed.map((f) => f.entry.kind),
        this.feed.map((f) => JSON.stringify(f.entry.body)),
        this.feed.map((f) => JSON.stringify(f.entry.users)),
        touched,
        touched.map((id) => this.box(id).pts),
        touched.map((id) => this.box(id).seq),
        touched.map((id) => this.box(id).last_message_id),
        FEED_CHANNEL,
        [...this.appended],
        feedEntries,
      ],
    );
  }

  private box(owner: number): Counters {
    const box = this.boxes.get(owner);
    if (!box) throw new Error(`mailbox ${owner} was not locked for this batch`);
    return box;
  }
}
