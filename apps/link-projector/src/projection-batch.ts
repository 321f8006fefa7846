import { EntityManager } from 'typeorm';
import { PairState, UserId, pairKey } from '@app/links';
import { LinkSideRecord, LinkSideRow, mergeSideWrite, pairFromRows, sideWrites } from '@app/platform';

type UserRow = { id: number; phone: string; first_name: string; last_name: string };
type ChatRow = { id: number; title: string; creator_id: number; member_ids: number[] };

/**
 * One batch's unit of work: the pairs it touches are read (and locked, in key order) with one
 * query, folded in memory, and the changed rows written back with one statement per table at the
 * end, instead of a round trip per event.
 */
export class ProjectionBatch {
  private readonly pairs = new Map<string, PairState>();
  private readonly sides = new Map<string, LinkSideRecord>();
  private readonly users: UserRow[] = [];
  private readonly chats = new Map<number, ChatRow>();
  private readonly newChats: ChatRow[] = [];
  private readonly applied: string[] = [];

  static async load(
    db: EntityManager,
    pairs: readonly (readonly [UserId, UserId])[],
    chatIds: readonly number[],
  ): Promise<ProjectionBatch> {
    const batch = new ProjectionBatch();
    const unique = new Map(pairs.map(([a, b]) => [pairKey(a, b), [Math.min(a, b), Math.max(a, b)] as const]));
    const owners = [...unique.values()].flatMap(([low, high]) => [low, high]);
    const peers = [...unique.values()].flatMap(([low, high]) => [high, low]);
    const rows: (LinkSideRow & { peer_id: number })[] =
      unique.size === 0
        ? []
        : await db.query(
            `SELECT owner_id, peer_id, has_contact, phone_revealed, blocked FROM link_sides
       WHERE (owner_id, peer_id) IN (SELECT * FROM unnest($1::int[], $2::int[]))
       ORDER BY owner_id, peer_id FOR UPDATE`,
            [owners, peers],
          );
    const byDirection = new Map(rows.map((row) => [`${row.owner_id}>${row.peer_id}`, row]));
    for (const [key, [low, high]] of unique) {
      const present = [byDirection.get(`${low}>${high}`), byDirection.get(`${high}>${low}`)].filter((row) => row !== undefined);
      batch.pairs.set(key, pairFromRows(present, low, high));
    }
    if (chatIds.length > 0) {
      const chats: ChatRow[] = await db.query(`SELECT id, title, creator_id, member_ids FROM chats WHERE id = ANY($1::int[])`, [
        [...new Set(chatIds)],
      ]);
      chats.forEach((chat) => batch.chats.set(chat.id, chat));
    }
    return batch;
  }

  pair(a: UserId, b: UserId): PairState {
    const state = this.pairs.get(pairKey(a, b));
    if (!state) throw new Error(`pair ${pairKey(a, b)} was not loaded for this batch`);
    return state;
  }

  setPair(after: PairState, eventId: string): void {
    const key = pairKey(after.low, after.high);
    for (const write of sideWrites(this.pair(after.low, after.high), after, eventId)) {
      const sideKey = `${write.owner_id}>${write.peer_id}`;
      this.sides.set(sideKey, mergeSideWrite(this.sides.get(sideKey), write));
    }
    this.pairs.set(key, after);
  }

  addUser(user: UserRow): void {
    this.users.push(user);
  }

  /** First writer wins, as with the table's primary key. */
  addChat(chat: ChatRow): void {
    if (this.chats.has(chat.id)) return;
    this.chats.set(chat.id, chat);
    this.newChats.push(chat);
  }

  chatMembers(chatId: number): number[] {
    return this.chats.get(chatId)?.member_ids ?? [];
  }

  /** A command event the gateway may be waiting for. */
  markApplied(eventId: string): void {
    this.applied.push(eventId);
  }

  async flush(db: EntityManager, appliedChannel: string): Promise<void> {
    const sides = [...this.sides.values()];
    if (sides.length > 0) {
      await db.query(
        `INSERT INTO link_sides (owner_id, peer_id, has_contact, phone_revealed, blocked, revealed_by, updated_by)
         SELECT * FROM unnest($1::int[], $2::int[], $3::bool[], $4::bool[], $5::bool[], $6::uuid[], $7::uuid[])
         ON CONFLICT (owner_id, peer_id) DO UPDATE SET has_contact = EXCLUDED.has_contact, phone_revealed = EXCLUDED.phone_revealed,
           blocked = EXCLUDED.blocked, revealed_by = COALESCE(EXCLUDED.revealed_by, link_sides.revealed_by), updated_by = EXCLUDED.updated_by`,
        [
          sides.map((s) => s.owner_id),
          sides.map((s) => s.peer_id),
          sides.map((s) => s.has_contact),
          sides.map((s) => s.phone_revealed),
          sides.map((s) => s.blocked),
          sides.map((s) => s.revealed_by),
          sides.map((s) => s.updated_by),
        ],
      );
    }
    if (this.users.length > 0) {
      await db.query(
        `INSERT INTO users (id, phone, first_name, last_name)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [
          this.users.map((u) => u.id),
          this.users.map((u) => u.phone),
          this.users.map((u) => u.first_name),
          this.users.map((u) => u.last_name),
        ],
      );
    }
    for (const chat of this.newChats) {
      await db.query(`INSERT INTO chats (id, title, creator_id, member_ids) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        chat.id,
        chat.title,
        chat.creator_id,
        chat.member_ids,
      ]);
    }
    if (this.applied.length > 0) await db.query(`SELECT pg_notify($1, id) FROM unnest($2::text[]) AS id`, [appliedChannel, this.applied]);
  }
}
