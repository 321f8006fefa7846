import { Client } from 'pg';
import { PROJECTOR } from '../ops-context';
import { UsageError } from '../terminal';
import { ProjectionFold } from './projection-fold';

/** The link projector's tables a replay rebuilds, with its ledger (needed for a safe promote). */
export const REBUILT_TABLES = ['users', 'chats', 'link_sides', 'processed_events'] as const;

/** Rows per INSERT: large enough to be few round trips, small enough for one JSON parameter. */
const CHUNK = 20_000;

const COLUMNS = {
  users: { id: 'integer', phone: 'text', first_name: 'text', last_name: 'text', deleted: 'boolean', created_at: 'timestamptz' },
  chats: { id: 'integer', title: 'text', creator_id: 'integer', member_ids: 'integer[]', created_at: 'timestamptz' },
  link_sides: { owner_id: 'integer', peer_id: 'integer', has_contact: 'boolean', phone_revealed: 'boolean', blocked: 'boolean', revealed_by: 'uuid', updated_by: 'uuid' },
  processed_events: { consumer: 'text', event_id: 'uuid' },
} as const;

/** A schema name the operator typed, checked before it is spliced into SQL. */
export function shadowSchemaName(raw: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw) || ['public', 'pg_catalog', 'information_schema'].includes(raw)) {
    throw new UsageError(`--into needs a lower-case schema name other than public, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** Drops and recreates the shadow tables with the live tables' columns, keys and indexes. */
export async function recreateShadowTables(db: Client, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const table of REBUILT_TABLES) {
    await db.query(`DROP TABLE IF EXISTS ${schema}.${table}`);
    await db.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
  }
}

/** Writes the folded projection with multi-row inserts, in one transaction. */
export async function writeShadow(db: Client, schema: string, fold: ProjectionFold): Promise<void> {
  await db.query('BEGIN');
  try {
    await insertAll(db, `${schema}.users`, COLUMNS.users, [...fold.users.values()]);
    await insertAll(db, `${schema}.chats`, COLUMNS.chats, [...fold.chats.values()]);
    await insertAll(db, `${schema}.link_sides`, COLUMNS.link_sides, [...fold.sides.values()]);
    const ledger = [...fold.ledger].map((event_id) => ({ consumer: PROJECTOR, event_id }));
    await insertAll(db, `${schema}.processed_events`, COLUMNS.processed_events, ledger);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

async function insertAll(db: Client, table: string, columns: Record<string, string>, rows: readonly object[]): Promise<void> {
  const names = Object.keys(columns).join(', ');
  const shape = Object.entries(columns).map(([name, type]) => `${name} ${type}`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${shape})`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db.query(sql, [JSON.stringify(rows.slice(i, i + CHUNK))]);
  }
}
