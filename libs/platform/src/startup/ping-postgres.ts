import { Client } from 'pg';

/** One connection and `SELECT 1`, bounded: whether the server answers as DATABASE_URL names it. */
export async function pingPostgres(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  // A connection refused after connect() resolved surfaces here rather than as an unhandled error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
