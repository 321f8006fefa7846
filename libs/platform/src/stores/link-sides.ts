import { PairState, UserId, pairKey } from '@app/links';
import { LinkSideRecord, LinkSideRow, pairFromRows } from '@app/projection';
import { Sql } from '../database/sql';
import { StatementPart } from '../database/statement-parts';
import { TableShape } from './table-shape';

type DirectedRow = LinkSideRow & { readonly peer_id: UserId; readonly revealed_by?: string | null };

/** The unordered pairs among `pairs`, each once, as [low, high]. */
function unique(pairs: readonly (readonly [UserId, UserId])[]): Map<string, readonly [UserId, UserId]> {
  return new Map(pairs.filter(([a, b]) => a !== b).map(([a, b]) => [pairKey(a, b), [Math.min(a, b), Math.max(a, b)] as const]));
}

/** Both directions' rows of some pairs, in (owner, peer) order; `lock` takes them FOR UPDATE in that order, so concurrent batches cannot deadlock. */
async function rowsOf(db: Sql, pairs: ReadonlyMap<string, readonly [UserId, UserId]>, lock: boolean): Promise<DirectedRow[]> {
  if (pairs.size === 0) return [];
  const values = [...pairs.values()];
  return db.query(
    `SELECT owner_id, peer_id, has_contact, phone_revealed, blocked, revealed_by FROM link_sides
     WHERE (owner_id, peer_id) IN (SELECT * FROM unnest($1::int[], $2::int[]))
     ORDER BY owner_id, peer_id${lock ? ' FOR UPDATE' : ''}`,
    [values.flatMap(([low, high]) => [low, high]), values.flatMap(([low, high]) => [high, low])],
  );
}

/** `link_sides` as ops replay rebuilds and compares it. */
export const linkSidesTable: TableShape = {
  table: 'link_sides',
  columns: {
    owner_id: 'integer',
    peer_id: 'integer',
    has_contact: 'boolean',
    phone_revealed: 'boolean',
    blocked: 'boolean',
    revealed_by: 'uuid',
    blocked_at: 'timestamptz',
    updated_by: 'uuid',
  },
  key: ['owner_id', 'peer_id'],
  compared: ['has_contact', 'phone_revealed', 'blocked', 'revealed_by', 'blocked_at', 'updated_by'],
  deleteLiveOnly: true,
};

/**
 * The link projection's table (`link_sides`, one row per direction: what owner holds about peer,
 * docs/link-rules.md): its one owner. The projector writes it, everyone else reads it here.
 */
export const linkSides = {
  /** The pairs' facts (a pair without rows has none yet), keyed by pairKey; `lock` for a writer. */
  async pairs(db: Sql, pairs: readonly (readonly [UserId, UserId])[], { lock = false } = {}): Promise<Map<string, PairState>> {
    const wanted = unique(pairs);
    const rows = await rowsOf(db, wanted, lock);
    const byDirection = new Map(rows.map((row) => [`${row.owner_id}>${row.peer_id}`, row]));
    const states = new Map<string, PairState>();
    for (const [key, [low, high]] of wanted) {
      const present = [byDirection.get(`${low}>${high}`), byDirection.get(`${high}>${low}`)].filter((row) => row !== undefined);
      states.set(key, pairFromRows(present, low, high));
    }
    return states;
  },

  async pair(db: Sql, a: UserId, b: UserId): Promise<PairState> {
    return (await this.pairs(db, [[a, b]])).get(pairKey(a, b))!;
  },

  /** The pair as stored, and the event recorded as revealing subject's phone to viewer (for `ops why`). */
  async revealOf(db: Sql, viewer: UserId, subject: UserId): Promise<{ state: PairState; revealedBy: string | null }> {
    const rows = await rowsOf(db, unique([[viewer, subject]]), false);
    return { state: pairFromRows(rows, viewer, subject), revealedBy: rows.find((r) => r.owner_id === subject)?.revealed_by ?? null };
  },

  /** Writes the rows a fold changed, merged as mergeSideWrite merges them (first reveal kept, a block's start kept until unblocked), as a part of a batch's one statement. */
  upsertPart(sides: readonly LinkSideRecord[]): StatementPart | undefined {
    if (sides.length === 0) return undefined;
    return {
      modifies: (p) => [
        `INSERT INTO link_sides (owner_id, peer_id, has_contact, phone_revealed, blocked, revealed_by, blocked_at, updated_by)
         SELECT * FROM unnest(${p.add(sides.map((s) => s.owner_id))}::int[], ${p.add(sides.map((s) => s.peer_id))}::int[],
           ${p.add(sides.map((s) => s.has_contact))}::bool[], ${p.add(sides.map((s) => s.phone_revealed))}::bool[],
           ${p.add(sides.map((s) => s.blocked))}::bool[], ${p.add(sides.map((s) => s.revealed_by))}::uuid[],
           ${p.add(sides.map((s) => s.blocked_at))}::timestamptz[], ${p.add(sides.map((s) => s.updated_by))}::uuid[])
         ON CONFLICT (owner_id, peer_id) DO UPDATE SET has_contact = EXCLUDED.has_contact, phone_revealed = EXCLUDED.phone_revealed,
           blocked = EXCLUDED.blocked, revealed_by = COALESCE(EXCLUDED.revealed_by, link_sides.revealed_by),
           blocked_at = CASE WHEN EXCLUDED.blocked THEN COALESCE(EXCLUDED.blocked_at, link_sides.blocked_at) END,
           updated_by = EXCLUDED.updated_by`,
      ],
    };
  },

  /** Owner's contacts in id order, each with whether the contact has owner too. */
  contactsOf(db: Sql, owner: UserId): Promise<{ peer_id: number; mutual: boolean }[]> {
    return db.query(
      `SELECT mine.peer_id, COALESCE(theirs.has_contact, false) AS mutual
       FROM link_sides mine LEFT JOIN link_sides theirs ON theirs.owner_id = mine.peer_id AND theirs.peer_id = mine.owner_id
       WHERE mine.owner_id = $1 AND mine.has_contact ORDER BY mine.peer_id`,
      [owner],
    );
  },

  /** A page of the users owner blocked, the latest block first, with when each began (unix seconds). */
  blockedBy(db: Sql, owner: UserId, page: { offset: number; limit: number }): Promise<{ peer_id: number; date: number }[]> {
    return db.query(
      `SELECT peer_id, extract(epoch FROM blocked_at)::int AS date FROM link_sides
       WHERE owner_id = $1 AND blocked ORDER BY blocked_at DESC, peer_id OFFSET $2 LIMIT $3`,
      [owner, page.offset, page.limit],
    );
  },

  /** How many users owner blocked, counted up to `cap` (the count a page reports stays bounded work). */
  async blockedCount(db: Sql, owner: UserId, cap: number): Promise<number> {
    const [{ count }]: { count: number }[] = await db.query(
      `SELECT count(*)::int AS count FROM (SELECT 1 FROM link_sides WHERE owner_id = $1 AND blocked LIMIT $2) capped`,
      [owner, cap],
    );
    return count;
  },

  async isContact(db: Sql, owner: UserId, peer: UserId): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM link_sides WHERE owner_id = $1 AND peer_id = $2 AND has_contact`, [owner, peer]);
    return rows.length > 0;
  },
};
