import { Client, Pool } from 'pg';
import { PROJECTOR } from '../ops-context';
import { UsageError } from '../terminal';
import { ProjectionFold } from './projection-fold';

/** The link projector's tables a replay rebuilds, with its ledger (needed for a safe promote). */
export const REBUILT_TABLES = ['users', 'chats', 'link_sides', 'processed_events'] as const;

/** Rows per INSERT: few round trips, parameters of a few MB at most. */
const CHUNK = 10_000;

/** Connections writing the shadow in parallel (the tables have no indexes while loading). */
export const WRITERS = 4;

const COLUMNS = {
  users: { id: 'integer', phone: 'text', first_name: 'text', last_name: 'text', deleted: 'boolean', created_at: 'timestamptz' },
  chats: { id: 'integer', title: 'text', creator_id: 'integer', member_ids: 'integer[]', created_at: 'timestamptz' },
  link_sides: {
    owner_id: 'integer',
    peer_id: 'integer',
    has_contact: 'boolean',
    phone_revealed: 'boolean',
    blocked: 'boolean',
    revealed_by: 'uuid',
    updated_by: 'uuid',
  },
  processed_events: { consumer: 'text', event_id: 'uuid' },
} as const;

/** A schema name the operator typed, checked before it is spliced into SQL. */
export function shadowSchemaName(raw: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw) || ['public', 'pg_catalog', 'information_schema'].includes(raw)) {
    throw new UsageError(`--into needs a lower-case schema name other than public, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/** The primary keys the shadow tables get once loaded (what verify and promote match rows on). */
const KEYS: Record<(typeof REBUILT_TABLES)[number], string> = {
  users: 'id',
  chats: 'id',
  link_sides: 'owner_id, peer_id',
  processed_events: 'consumer, event_id',
};

/**
 * Drops and recreates the shadow tables with the live tables' columns and defaults. They are
 * UNLOGGED scratch (a crash empties them; replay again) and get their keys after the load, which
 * is several times faster than inserting into indexed, WAL-logged tables.
 */
export async function recreateShadowTables(db: Client, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const table of REBUILT_TABLES) {
    await db.query(`DROP TABLE IF EXISTS ${schema}.${table}`);
    await db.query(`CREATE UNLOGGED TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL EXCLUDING INDEXES)`);
  }
}

/**
 * Writes the folded projection with multi-row inserts spread over the pool's connections, then
 * adds the keys. Not one transaction: the shadow is scratch until this returns.
 */
export async function writeShadow(pool: Pool, schema: string, fold: ProjectionFold): Promise<void> {
  const ledger = [...fold.ledger].map((event_id) => ({ consumer: PROJECTOR, event_id }));
  const loads = [
    ...chunks(`${schema}.users`, COLUMNS.users, [...fold.users.values()]),
    ...chunks(`${schema}.chats`, COLUMNS.chats, [...fold.chats.values()]),
    ...chunks(`${schema}.link_sides`, COLUMNS.link_sides, [...fold.sides.values()]),
    ...chunks(`${schema}.processed_events`, COLUMNS.processed_events, ledger),
  ];
  await Promise.all(loads.map(({ sql, params }) => pool.query(sql, params)));
  await Promise.all(REBUILT_TABLES.map((table) => pool.query(`ALTER TABLE ${schema}.${table} ADD PRIMARY KEY (${KEYS[table]})`)));
}

/** INSERT … SELECT FROM unnest(one array per column), one statement per chunk of rows. */
function chunks<R extends object>(
  table: string,
  columns: Record<string, string>,
  rows: readonly R[],
): { sql: string; params: unknown[][] }[] {
  const entries = Object.entries(columns);
  const names = entries.map(([name]) => name).join(', ');
  // unnest would flatten arrays of arrays, so array columns travel as text literals and are cast back.
  const isArray = (type: string) => type.endsWith('[]');
  const inputs = entries.map(([, type], i) => `$${i + 1}::${isArray(type) ? 'text' : type}[]`).join(', ');
  const outputs = entries.map(([name, type]) => (isArray(type) ? `${name}::${type}` : name)).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${outputs} FROM unnest(${inputs}) AS r(${names})`;
  const statements = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const value = (row: R, name: string) => (row as Record<string, unknown>)[name];
    statements.push({
      sql,
      params: entries.map(([name, type]) =>
        chunk.map((row) => (isArray(type) ? `{${(value(row, name) as unknown[]).join(',')}}` : value(row, name))),
      ),
    });
  }
  return statements;
}
