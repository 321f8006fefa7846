import { SavedName, UserId } from '@app/links';
import { ContactNameRecord } from '@app/projection';
import { Sql } from '../database/sql';
import { StatementPart } from '../database/statement-parts';
import { TableShape } from './table-shape';

/** `contact_names` as ops replay rebuilds and compares it. */
export const contactNamesTable: TableShape = {
  table: 'contact_names',
  columns: { owner_id: 'integer', peer_id: 'integer', first_name: 'text', last_name: 'text', updated_by: 'uuid' },
  key: ['owner_id', 'peer_id'],
  compared: ['first_name', 'last_name', 'updated_by'],
  deleteLiveOnly: true,
};

/** The names owners saved for their contacts: the projector writes them from ContactImported, rendering reads them. */
export const contactNames = {
  /** The saved names of some (owner, peer) pairs, keyed `owner>peer`; a pair without one is absent. */
  async of(db: Sql, pairs: readonly (readonly [UserId, UserId])[]): Promise<Map<string, SavedName>> {
    if (pairs.length === 0) return new Map();
    const rows: { owner_id: number; peer_id: number; first_name: string; last_name: string }[] = await db.query(
      `SELECT owner_id, peer_id, first_name, last_name FROM contact_names
       WHERE (owner_id, peer_id) IN (SELECT * FROM unnest($1::int[], $2::int[])) AND first_name IS NOT NULL`,
      [pairs.map(([owner]) => owner), pairs.map(([, peer]) => peer)],
    );
    return new Map(rows.map((r) => [`${r.owner_id}>${r.peer_id}`, { first_name: r.first_name, last_name: r.last_name }]));
  },

  /** The fold's names, as a part of a batch's one statement: the last import's name replaces the one before. */
  upsertPart(names: readonly ContactNameRecord[]): StatementPart | undefined {
    if (names.length === 0) return undefined;
    return {
      modifies: (p) => [
        `INSERT INTO contact_names (owner_id, peer_id, first_name, last_name, updated_by)
         SELECT * FROM unnest(${p.add(names.map((n) => n.owner_id))}::int[], ${p.add(names.map((n) => n.peer_id))}::int[],
           ${p.add(names.map((n) => n.first_name))}::text[], ${p.add(names.map((n) => n.last_name))}::text[],
           ${p.add(names.map((n) => n.updated_by))}::uuid[])
         ON CONFLICT (owner_id, peer_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
           updated_by = EXCLUDED.updated_by`,
      ],
    };
  },
};
