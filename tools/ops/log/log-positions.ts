import { Admin, Kafka } from 'kafkajs';

/** Where reading a partition starts (`low`) and stops (`end`, exclusive). */
export interface PartitionSpan {
  readonly partition: number;
  readonly low: bigint;
  readonly end: bigint;
}

export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Every partition up to its current end (high watermark), fetched once: a fixed target. */
export async function toCurrentEnd(admin: Admin, topic: string): Promise<PartitionSpan[]> {
  if (!(await admin.listTopics()).includes(topic)) throw new Error(`topic ${topic} does not exist (check TOPIC_PREFIX or TOPIC_EVENTS)`);
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), end: BigInt(o.high) })).sort((a, b) => a.partition - b.partition);
}

/** Every partition up to a consumer group's committed position (the start, if it has none). */
export async function toGroupPosition(admin: Admin, topic: string, groupId: string): Promise<PartitionSpan[]> {
  const spans = await toCurrentEnd(admin, topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const position = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
  return spans.map((span) => {
    const at = position.get(span.partition) ?? -1n;
    return { ...span, end: at < 0n ? span.low : at };
  });
}

export function eventsIn(spans: readonly PartitionSpan[]): number {
  return spans.reduce((sum, s) => sum + Number(s.end > s.low ? s.end - s.low : 0n), 0);
}

export interface GroupState {
  readonly state: string;
  readonly members: number;
}

/** A group whose consumers are all stopped is `Empty` (or `Dead` if it never existed). */
export async function groupState(admin: Admin, groupId: string): Promise<GroupState> {
  const { groups } = await admin.describeGroups([groupId]);
  return { state: groups[0]?.state ?? 'Dead', members: groups[0]?.members.length ?? 0 };
}

export function isStopped(group: GroupState): boolean {
  return group.members === 0 && (group.state === 'Empty' || group.state === 'Dead');
}
