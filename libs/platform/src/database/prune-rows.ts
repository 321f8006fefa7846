import { Sql } from './sql';

/**
 * Deletes at most `limit` rows of `table` matching `condition` (SQL over the table's own columns,
 * written by this code, never from input), and returns how many. Rows another replica is deleting
 * right now are skipped rather than waited for, so sweepers of several processes never queue.
 */
export async function pruneRows(db: Sql, table: string, condition: string, limit: number): Promise<number> {
  const [{ pruned }]: { pruned: number }[] = await db.query(
    `WITH old AS (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${Math.floor(limit)} FOR UPDATE SKIP LOCKED),
     gone AS (DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM old) RETURNING 1)
     SELECT count(*)::int AS pruned FROM gone`,
  );
  return pruned;
}
