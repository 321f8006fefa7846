import { Client, ClientConfig, Pool } from 'pg';
import type { OpsContext } from './ops-context';

/** withDb and withPool over connections made from `connection()`; `poolLimit` caps the pool size. */
export function pgAccess(connection: () => ClientConfig, poolLimit = Infinity): Pick<OpsContext, 'withDb' | 'withPool'> {
  return {
    async withDb(work) {
      const db = new Client(connection());
      await db.connect();
      try {
        return await work(db);
      } finally {
        await db.end();
      }
    },
    async withPool(size, work) {
      const pool = new Pool({ ...connection(), max: Math.min(size, poolLimit) });
      try {
        return await work(pool);
      } finally {
        await pool.end();
      }
    },
  };
}
