import { Channel } from '@app/events';
import { Sql } from './sql';
import { StatementPart, runTogether } from './statement-parts';

/** Queues one NOTIFY per key on `channel`; Postgres delivers them when the transaction commits. */
export function notify(db: Sql, channel: Channel, keys: readonly string[]): Promise<void> {
  return runTogether(db, [notifyPart(channel, keys)]);
}

/** `notify` as a part of a batch's one statement. */
export function notifyPart(channel: Channel, keys: readonly string[]): StatementPart | undefined {
  if (keys.length === 0) return undefined;
  return { selects: (p) => `SELECT pg_notify(${p.add(channel)}, key) FROM unnest(${p.add([...keys])}::text[]) AS key` };
}
