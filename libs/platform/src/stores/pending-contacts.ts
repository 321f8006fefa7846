import { UserId } from '@app/links';
import { PendingContactRecord } from '@app/projection';
import { Sql } from '../database/sql';
import { StatementPart } from '../database/statement-parts';
import { TableShape } from './table-shape';

/** `pending_contacts` as ops replay rebuilds and compares it. */
export const pendingContactsTable: TableShape = {
  table: 'pending_contacts',
  columns: { owner_id: 'integer', phone: 'text', first_name: 'text', last_name: 'text', imported_by: 'uuid' },
  key: ['owner_id', 'phone'],
  compared: ['first_name', 'last_name', 'imported_by'],
  deleteLiveOnly: true,
};

/** Phones owners imported before they had an account: the projector writes them, the gateway's import reads them. */
export const pendingContacts = {
  /** The pending contacts of some phones, by phone; `lock` for the projector, whose batch converts them. */
  async byPhones(db: Sql, phones: readonly string[], { lock = false } = {}): Promise<Map<string, PendingContactRecord[]>> {
    if (phones.length === 0) return new Map();
    const rows: PendingContactRecord[] = await db.query(
      `SELECT owner_id, phone, first_name, last_name, imported_by FROM pending_contacts WHERE phone = ANY($1::text[])
       ORDER BY owner_id, phone${lock ? ' FOR UPDATE' : ''}`,
      [[...new Set(phones)]],
    );
    const byPhone = new Map<string, PendingContactRecord[]>();
    for (const row of rows) byPhone.set(row.phone, [...(byPhone.get(row.phone) ?? []), row]);
    return byPhone;
  },

  /** The phones owner has pending. */
  async phonesOf(db: Sql, owner: UserId): Promise<string[]> {
    const rows: { phone: string }[] = await db.query(`SELECT phone FROM pending_contacts WHERE owner_id = $1 ORDER BY phone`, [owner]);
    return rows.map((r) => r.phone);
  },

  /** The fold's changes, as a part of a batch's one statement: rows saved (the last import's name wins) and rows removed (null). */
  writePart(rows: ReadonlyMap<string, PendingContactRecord | null>): StatementPart | undefined {
    if (rows.size === 0) return undefined;
    const saved = [...rows.values()].filter((row): row is PendingContactRecord => row !== null);
    const removed = [...rows.keys()].filter((key) => rows.get(key) === null).map((key) => key.split('>'));
    return {
      modifies: (p) => [
        `DELETE FROM pending_contacts WHERE (owner_id, phone) IN
           (SELECT * FROM unnest(${p.add(removed.map(([owner]) => Number(owner)))}::int[], ${p.add(removed.map(([, phone]) => phone))}::text[]))`,
        `INSERT INTO pending_contacts (owner_id, phone, first_name, last_name, imported_by)
         SELECT * FROM unnest(${p.add(saved.map((r) => r.owner_id))}::int[], ${p.add(saved.map((r) => r.phone))}::text[],
           ${p.add(saved.map((r) => r.first_name))}::text[], ${p.add(saved.map((r) => r.last_name))}::text[],
           ${p.add(saved.map((r) => r.imported_by))}::uuid[])
         ON CONFLICT (owner_id, phone) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
           imported_by = EXCLUDED.imported_by`,
      ],
    };
  },
};
