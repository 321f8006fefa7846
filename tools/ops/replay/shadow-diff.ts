import { Client } from 'pg';
import { pairKey } from '@app/links';
import { TABLE_SHAPES } from './table-shapes';

type Row = Record<string, unknown>;

export interface RowDiff {
  readonly key: Row;
  /** null: the row exists only in the other schema. */
  readonly live: Row | null;
  readonly shadow: Row | null;
}

export interface TableDiff {
  readonly table: string;
  readonly columns: readonly string[];
  readonly total: number;
  /** The first differences, by key. */
  readonly rows: readonly RowDiff[];
}

function object(alias: string, columns: readonly string[]): string {
  return `jsonb_build_object(${columns.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`;
}

/** Row-level differences between live (public) and the shadow schema, at most `limit` per table. */
export async function diffShadow(db: Client, schema: string, limit: number): Promise<TableDiff[]> {
  const diffs: TableDiff[] = [];
  for (const { table, key, compared } of TABLE_SHAPES) {
    const on = key.map((k) => `l.${k} = s.${k}`).join(' AND ');
    const tuple = (alias: string) => `(${compared.map((c) => `${alias}.${c}`).join(', ')})`;
    const keyObject = `jsonb_build_object(${key.map((k) => `'${k}', coalesce(l.${k}, s.${k})`).join(', ')})`;
    const rows: (RowDiff & { total: string })[] = (
      await db.query(
        `SELECT ${keyObject} AS key,
           CASE WHEN l.${key[0]} IS NULL THEN NULL ELSE ${object('l', compared)} END AS live,
           CASE WHEN s.${key[0]} IS NULL THEN NULL ELSE ${object('s', compared)} END AS shadow,
           count(*) OVER () AS total
         FROM public.${table} l FULL JOIN ${schema}.${table} s ON ${on}
         WHERE l.${key[0]} IS NULL OR s.${key[0]} IS NULL OR ${tuple('l')} IS DISTINCT FROM ${tuple('s')}
         ORDER BY ${key.map((k) => `coalesce(l.${k}, s.${k})`).join(', ')}
         LIMIT $1`,
        [limit],
      )
    ).rows;
    diffs.push({
      table,
      columns: compared,
      total: Number(rows[0]?.total ?? 0),
      rows: rows.map(({ key: k, live, shadow }) => ({ key: k, live, shadow })),
    });
  }
  return diffs;
}

/** Phones stay out of operator output; the last two digits are enough to tell rows apart. */
function shown(column: string, value: unknown): string {
  if (column === 'phone' && typeof value === 'string') return `${'•'.repeat(Math.max(0, value.length - 2))}${value.slice(-2)}`;
  return JSON.stringify(value);
}

function subject(table: string, key: Row): string {
  if (table === 'link_sides') {
    const owner = Number(key.owner_id);
    const peer = Number(key.peer_id);
    return `pair ${pairKey(owner, peer)} side ${owner}→${peer}`;
  }
  return `${table === 'users' ? 'user' : 'chat'} ${key.id}`;
}

function describe({ table, columns }: TableDiff, row: RowDiff): string {
  const what = subject(table, row.key);
  if (!row.live || !row.shadow) {
    const present = (row.live ?? row.shadow)!;
    const fields = columns.map((c) => `${c}=${shown(c, present[c])}`).join(' ');
    return `${what}: only in ${row.live ? 'live' : 'shadow'} (${fields})`;
  }
  const changes = columns
    .filter((c) => JSON.stringify(row.live![c]) !== JSON.stringify(row.shadow![c]))
    .map((c) => `${c} live=${shown(c, row.live![c])} shadow=${shown(c, row.shadow![c])}`);
  return `${what}: ${changes.join(', ')}`;
}

/** The readable diff: one line per differing row, live value vs the replay's. */
export function formatDiff(diffs: readonly TableDiff[]): string[] {
  const lines: string[] = [];
  for (const diff of diffs) {
    lines.push(`${diff.table}: ${diff.total === 0 ? 'equal' : `${diff.total} row(s) differ`}`);
    for (const row of diff.rows) lines.push(`  ${describe(diff, row)}`);
    if (diff.total > diff.rows.length) lines.push(`  … and ${diff.total - diff.rows.length} more`);
  }
  return lines;
}
