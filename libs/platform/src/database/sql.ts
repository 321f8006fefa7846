import { Client } from 'pg';

/**
 * Whatever runs one SQL statement and answers its rows: a TypeORM DataSource or the EntityManager of
 * a transaction, or a pg Client through `sqlOf`. The stores take it, so the same statement serves a
 * service, its transactions and the operator CLI. (Statements that change rows and return them run
 * as `WITH … RETURNING` + `SELECT`: TypeORM answers a bare UPDATE or DELETE with [rows, count].)
 */
export interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- rows of any shape; each store names them
}

export function sqlOf(client: Client): Sql {
  return { query: async (sql, parameters) => (await client.query(sql, parameters)).rows };
}
