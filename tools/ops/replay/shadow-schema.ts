import { Client, Pool } from 'pg';
import { PROJECTOR } from '../ops-context';
import { UsageError } from '../terminal';
import { chatsTable, contactNamesTable, ledgerTable, linkSidesTable, pendingContactsTable, usersTable } from '@app/platform';
import { ProjectionFold } from './projection-fold';
import { REBUILT_TABLES } from './table-shapes';

/** Rows per INSERT: few round trips, parameters of a few MB at most. */
const CHUNK = 10_000;

/** Connections writing the shadow in parallel (the tables have no indexes while loading). */
export const WRITERS = 4;

/** A schema name the operator typed, checked before it is spliced into SQL. */
export function shadowSchemaName(raw: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw) || ['public', 'pg_catalog', 'information_schema'].includes(raw)) {
    throw new UsageError(`--into needs a lower-case schema name other than public, got ${JSON.stringify(raw)}`);
  }
  return raw;
}

/**
 * Drops and recreates the shadow tables with the live tables' columns and defaults. They are
 * UNLOGGED scratch (a crash empties them; replay again) and get their keys after the load, which
 * is several times faster than inserting into indexed, WAL-logged tables.
 */
export async function recreateShadowTables(db: Client, schema: string): Promise<void> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const { table } of REBUILT_TABLES) {
    await db.query(`DROP TABLE IF EXISTS ${schema}.${table}`);
    await db.query(`CREATE UNLOGGED TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL EXCLUDING INDEXES)`);
  }
}

/**
 * Writes the folded projection with multi-row inserts spread over the pool's connections, then
 * adds the keys. Not one transaction: the shadow is scratch until this returns.
 */
export async function writeShadow(pool: Pool, schema: string, fold: ProjectionFold): Promise<void> {
  const rows: Record<string, readonly object[]> = {
    [usersTable.table]: [...fold.users.values()].map((u) => ({ ...u, deleted: false, created_at: u.registered_at })),
    [chatsTable.table]: [...fold.chats.values()],
    [linkSidesTable.table]: [...fold.sides.values()],
    [contactNamesTable.table]: [...fold.names.values()],
    [pendingContactsTable.table]: [...fold.pending.values()].filter((row) => row !== null),
    [ledgerTable.table]: [...fold.ledger].map((event_id) => ({ consumer: PROJECTOR, event_id })),
  };
  const loads = REBUILT_TABLES.flatMap((shape) => chunks(`${schema}.${shape.table}`, shape.columns, rows[shape.table]));
  await Promise.all(loads.map(({ sql, params }) => pool.query(sql, params)));
  await Promise.all(
    REBUILT_TABLES.map(({ table, key }) => pool.query(`ALTER TABLE ${schema}.${table} ADD PRIMARY KEY (${key.join(', ')})`)),
  );
}

/** INSERT … SELECT FROM unnest(one array per column), one statement per chunk of rows. */
function chunks<R extends object>(
  table: string,
  columns: Readonly<Record<string, string>>,
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
