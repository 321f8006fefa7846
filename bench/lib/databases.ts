import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one measurement; returns its URL and a way to drop it. */
export async function freshDatabase(purpose: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `contact_links_bench_${purpose}_${randomBytes(3).toString('hex')}`;
  await withClient(ADMIN_DATABASE_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: () => withClient(ADMIN_DATABASE_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
