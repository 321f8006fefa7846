import { ASSEMBLER, OpsContext, PROJECTOR } from './ops-context';
import { count, print, printJson, table } from './terminal';

export interface LagOptions {
  readonly json?: boolean;
}

interface PartitionLag {
  readonly partition: number;
  /** null: the group never committed here (it starts from the beginning). */
  readonly committed: string | null;
  readonly end: string;
  readonly lag: number;
}

interface GroupLag {
  readonly group: string;
  readonly topic: string;
  readonly state: string;
  readonly members: number;
  readonly total: number;
  readonly partitions: PartitionLag[];
}

/** Each consumer group's lag per partition: the log's end minus the group's committed offset. */
export async function lagCommand(ctx: OpsContext, options: LagOptions): Promise<void> {
  const consumers = [
    { group: ctx.groupId(PROJECTOR), topic: ctx.config.topics.events },
    { group: ctx.groupId(ASSEMBLER), topic: ctx.config.topics.linkChanged },
  ];
  const lags: GroupLag[] = await Promise.all(
    consumers.map(async ({ group, topic }) => {
      const [ends, state, committed] = await Promise.all([
        ctx.inspector.spans(topic),
        ctx.inspector.groupState(group),
        ctx.inspector.committed(group, topic),
      ]);
      const partitions = ends.map(({ partition, low, end }) => ({
        partition,
        committed: committed.get(partition)?.toString() ?? null,
        end: end.toString(),
        lag: Number(end - (committed.get(partition) ?? low)),
      }));
      return { group, topic, ...state, total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
    }),
  );
  if (options.json) {
    printJson(lags);
    return;
  }
  const rows = [['group', 'topic', 'partition', 'committed', 'end', 'lag']];
  for (const g of lags) {
    for (const p of g.partitions) rows.push([g.group, g.topic, String(p.partition), p.committed ?? '-', p.end, count(p.lag)]);
  }
  table(rows).forEach((line) => print(line));
  for (const g of lags) print(`${g.group}: ${g.state}, ${g.members} member(s), total lag ${count(g.total)}`);
}
