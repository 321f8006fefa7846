import { Channel } from '@app/events';
import { Sql } from './sql';

/** Queues one NOTIFY per key on `channel`; Postgres delivers them when the transaction commits. */
export async function notify(db: Sql, channel: Channel, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await db.query(`SELECT pg_notify($1, key) FROM unnest($2::text[]) AS key`, [channel, [...keys]]);
}
