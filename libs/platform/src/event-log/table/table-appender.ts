import { Sql } from '../../database/sql';
import { OutgoingRecord } from '../event-log';

/**
 * Appends one topic's records at the topic's next positions. Bumping the head row locks it until
 * the transaction ends, so appends to a topic commit in position order and a reader never sees a
 * later position before an earlier one.
 */
export async function appendToTopic(db: Sql, topic: string, records: readonly OutgoingRecord[]): Promise<void> {
  await db.query(
    `WITH head AS (
       INSERT INTO event_log_heads AS h (topic, next_position) VALUES ($1, $2)
       ON CONFLICT (topic) DO UPDATE SET next_position = h.next_position + $2
       RETURNING next_position - $2 AS first)
     INSERT INTO event_log (topic, position, key, value, headers)
     SELECT $1, head.first + r.n - 1, r.key, r.value, r.headers
     FROM head, unnest($3::text[], $4::bytea[], $5::jsonb[]) WITH ORDINALITY AS r(key, value, headers, n)`,
    [topic, records.length, records.map((r) => r.key), records.map((r) => r.value), records.map((r) => JSON.stringify(r.headers))],
  );
}
