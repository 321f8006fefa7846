import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { freshDatabase } from '../lib/databases';
import { LatencySummary, summarize } from '../lib/stats';

/**
 * A single-row upsert transaction (BEGIN; INSERT … ON CONFLICT DO UPDATE; COMMIT) on one
 * connection, one after another, with the server's durability settings (synchronous commit).
 */
export async function measurePostgresUpsert(transactions: number): Promise<LatencySummary & { synchronousCommit: string; fsync: string }> {
  const database = await freshDatabase('floor');
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`CREATE TABLE floor_upsert (k integer PRIMARY KEY, v integer NOT NULL)`);
    const [{ synchronous_commit }] = (await client.query(`SHOW synchronous_commit`)).rows;
    const [{ fsync }] = (await client.query(`SHOW fsync`)).rows;
    const warmup = Math.min(200, transactions);
    const latencies: number[] = [];
    for (let i = 0; i < warmup + transactions; i++) {
      const started = performance.now();
      await client.query('BEGIN');
      await client.query(`INSERT INTO floor_upsert (k, v) VALUES ($1, 1) ON CONFLICT (k) DO UPDATE SET v = floor_upsert.v + 1`, [i % 1000]);
      await client.query('COMMIT');
      if (i >= warmup) latencies.push(performance.now() - started);
    }
    return { ...summarize(latencies), synchronousCommit: synchronous_commit, fsync };
  } finally {
    await client.end();
    await database.drop();
  }
}
