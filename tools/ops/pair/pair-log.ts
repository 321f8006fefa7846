import { decodeEvent } from '@app/events';
import { pairKey } from '@app/links';
import { OpsContext } from '../ops-context';
import { LogRecord } from '@app/platform';

export interface PairLog {
  readonly records: LogRecord[];
  /** The partition read, or 'all'. */
  readonly partition: number | 'all';
}

function occurredAt(record: LogRecord): number {
  const decoded = decodeEvent(record.value);
  return decoded.ok ? Date.parse(decoded.event.occurred_at) : 0;
}

/**
 * The log records keyed by the pair, up to the current end. Only the pair key's partition is read,
 * unless `allPartitions` (e.g. after partitions were added, old events of a key stay where they were).
 */
export async function readPairLog(ctx: OpsContext, a: number, b: number, allPartitions = false): Promise<PairLog> {
  const topic = ctx.config.topics.events;
  const key = pairKey(a, b);
  const spans = await ctx.inspector.spans(topic);
  const partition = ctx.inspector.partitionOfKey(topic, key, spans.length);
  const wanted = allPartitions ? spans : spans.map((s) => (s.partition === partition ? s : { ...s, end: s.low }));
  const records: LogRecord[] = [];
  await ctx.inspector.read(topic, wanted, (batch) => records.push(...batch.filter((r) => r.key === key)));
  if (!allPartitions) return { records, partition };
  // Across partitions there is no log order; the events' own time is the best there is.
  return { records: records.sort((x, y) => occurredAt(x) - occurredAt(y)), partition: 'all' };
}
