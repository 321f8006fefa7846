/** The part of the event-log port the operator tools read through: positions, groups, records. */
import { LogRecord } from './event-log';

/** Where reading a partition starts (`low`) and stops (`end`, exclusive). */
export interface PartitionSpan {
  readonly partition: number;
  readonly low: bigint;
  readonly end: bigint;
}

export interface GroupState {
  readonly state: string;
  readonly members: number;
}

export interface LogInspector {
  /** Every partition from its first record to its current end, ordered by partition. */
  spans(topic: string): Promise<PartitionSpan[]>;
  /** The group's committed position per partition (absent: it never committed there). */
  committed(group: string, topic: string): Promise<Map<number, bigint>>;
  groupState(group: string): Promise<GroupState>;
  /** The partition the services' appends put `key` in. */
  partitionOfKey(topic: string, key: string, partitions: number): number;
  /** Reads each span and resolves once all are read; `onRecords` gets them in order per partition. */
  read(topic: string, spans: readonly PartitionSpan[], onRecords: (records: readonly LogRecord[]) => void): Promise<void>;
  close(): Promise<void>;
}

export function eventsIn(spans: readonly PartitionSpan[]): number {
  return spans.reduce((sum, s) => sum + Number(s.end > s.low ? s.end - s.low : 0n), 0);
}

/** A group whose consumers are all stopped is `Empty` (or `Dead` if it never existed). */
export function isStopped(group: GroupState): boolean {
  return group.members === 0 && (group.state === 'Empty' || group.state === 'Dead');
}

/** Every partition up to the group's committed position (its start, where it has none). */
export async function toGroupPosition(inspector: LogInspector, topic: string, group: string): Promise<PartitionSpan[]> {
  const [spans, committed] = await Promise.all([inspector.spans(topic), inspector.committed(group, topic)]);
  return spans.map((span) => ({ ...span, end: committed.get(span.partition) ?? span.low }));
}
