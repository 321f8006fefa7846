import { UserId, UserProfile } from '@app/links';
import { UserRecord } from '@app/projection';
import { Sql } from '../database/sql';
import { StatementPart } from '../database/statement-parts';
import { TableShape } from './table-shape';

/** A sign-up's inputs. */
export interface Registration {
  readonly phone_number: string;
  readonly first_name: string;
  readonly last_name: string;
}

/**
 * `users` as ops replay rebuilds and compares it. `created_at` is never compared: live rows carry
 * the gateway's clock, a replay only each event's `occurred_at`. Users are written by the gateway
 * at sign-up (sessions reference them): a live-only user is a sign-up whose event is past the
 * replay's end, so promote never deletes one.
 */
export const usersTable: TableShape = {
  table: 'users',
  columns: { id: 'integer', phone: 'text', first_name: 'text', last_name: 'text', deleted: 'boolean', created_at: 'timestamptz' },
  key: ['id'],
  compared: ['phone', 'first_name', 'last_name', 'deleted'],
  deleteLiveOnly: false,
};

/** The `users` table and its id sequence: its one owner. Written at sign-up by the gateway (phones are unique there) and from UserRegistered by the projector. */
export const users = {
  /** Allocates the id and claims the phone in `db`'s transaction; undefined if the phone is taken. */
  async register(db: Sql, input: Registration): Promise<UserProfile | undefined> {
    const [{ id }]: { id: number }[] = await db.query(`SELECT nextval('user_ids')::int AS id`);
    const inserted: unknown[] = await db.query(
      `INSERT INTO users (id, phone, first_name, last_name) VALUES ($1, $2, $3, $4) ON CONFLICT (phone) DO NOTHING RETURNING 1`,
      [id, input.phone_number, input.first_name, input.last_name],
    );
    if (inserted.length === 0) return undefined;
    return { id, phone: input.phone_number, first_name: input.first_name, last_name: input.last_name, deleted: false };
  },

  /** The account a phone belongs to, if any. */
  async byPhone(db: Sql, phone: string): Promise<UserProfile | undefined> {
    const [user]: UserProfile[] = await db.query(
      `SELECT id, phone, first_name, last_name, deleted FROM users WHERE phone = $1 AND NOT deleted`,
      [phone],
    );
    return user;
  },

  /** The accounts of some phones, by phone. */
  async byPhones(db: Sql, phones: readonly string[]): Promise<Map<string, UserId>> {
    if (phones.length === 0) return new Map();
    const rows: { id: number; phone: string }[] = await db.query(
      `SELECT id, phone FROM users WHERE phone = ANY($1::text[]) AND NOT deleted`,
      [[...new Set(phones)]],
    );
    return new Map(rows.map((row) => [row.phone, row.id]));
  },

  profiles(db: Sql, ids: readonly UserId[]): Promise<UserProfile[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.query(`SELECT id, phone, first_name, last_name, deleted FROM users WHERE id = ANY($1::int[])`, [[...ids]]);
  },

  /**
   * `profiles` with each user's last recorded call (unix seconds), in one read for rendering: the
   * join reads `last_seen`, whose owner (stores/last-seen.ts) writes it.
   */
  async profilesSeen(db: Sql, ids: readonly UserId[]): Promise<{ profiles: UserProfile[]; lastSeen: Map<number, number> }> {
    if (ids.length === 0) return { profiles: [], lastSeen: new Map() };
    const rows: (UserProfile & { seen: number | null })[] = await db.query(
      `SELECT u.id, u.phone, u.first_name, u.last_name, u.deleted, extract(epoch FROM l.seen_at)::int AS seen
       FROM users u LEFT JOIN last_seen l ON l.user_id = u.id WHERE u.id = ANY($1::int[])`,
      [[...ids]],
    );
    return {
      profiles: rows.map(({ seen: _seen, ...profile }) => profile),
      lastSeen: new Map(rows.flatMap((r) => (r.seen === null ? [] : [[r.id, r.seen] as const]))),
    };
  },

  async exists(db: Sql, id: UserId): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM users WHERE id = $1 AND NOT deleted`, [id]);
    return rows.length > 0;
  },

  /** The projection's registrations, as a part of a batch's one statement; an id or a phone already there keeps its row. */
  insertRegisteredPart(registered: readonly UserRecord[]): StatementPart | undefined {
    if (registered.length === 0) return undefined;
    return {
      modifies: (p) => [
        `INSERT INTO users (id, phone, first_name, last_name)
         SELECT * FROM unnest(${p.add(registered.map((u) => u.id))}::int[], ${p.add(registered.map((u) => u.phone))}::text[],
           ${p.add(registered.map((u) => u.first_name))}::text[], ${p.add(registered.map((u) => u.last_name))}::text[])
         ON CONFLICT DO NOTHING`,
      ],
    };
  },
};
