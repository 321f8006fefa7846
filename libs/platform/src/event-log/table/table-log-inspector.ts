import { DataSource } from 'typeorm';
import { LogRecord } from '../event-log';
import { GroupState, LogInspector, PartitionSpan } from '../log-inspector';

const READ_CHUNK = 5_000;

/**
 * The operator tools' view of the table log. Its one reader process holds the embedded database
 * alone (the data folder's lock), so while a tool can open it no consumer runs: groups are Empty.
 */
export class TableLogInspector implements LogInspector {
  constructor(private readonly dataSource: DataSource) {}

  async spans(topic: string): Promise<PartitionSpan[]> {
    const [row]: { low: string | null; end: string | null }[] = await this.dataSource.query(
      `SELECT (SELECT min(position) FROM event_log WHERE topic = $1) AS low, (SELECT next_position FROM event_log_heads WHERE topic = $1) AS end`,
      [topic],
    );
    if (row.end === null) {
      // Table-log topics exist once written to: an empty log is empty, while other topics point at a mistyped prefix.
      const others: { topic: string }[] = await this.dataSource.query(`SELECT topic FROM event_log_heads ORDER BY topic`);
      if (others.length === 0) return [{ partition: 0, low: 0n, end: 0n }];
      throw new Error(
        `topic ${topic} has no records in the table log, which has ${others.map((o) => o.topic).join(', ')} (check TOPIC_PREFIX or TOPIC_EVENTS)`,
      );
    }
    return [{ partition: 0, low: BigInt(row.low ?? row.end), end: BigInt(row.end) }];
  }

  async committed(group: string, topic: string): Promise<Map<number, bigint>> {
    const rows: { position: string }[] = await this.dataSource.query(
      `SELECT position FROM event_log_offsets WHERE consumer_group = $1 AND topic = $2`,
      [group, topic],
    );
    return new Map(rows.map((r) => [0, BigInt(r.position)]));
  }

  async groupState(): Promise<GroupState> {
    return { state: 'Empty', members: 0 };
  }

  partitionOfKey(): number {
    return 0;
  }

  async read(topic: string, spans: readonly PartitionSpan[], onRecords: (records: readonly LogRecord[]) => void): Promise<void> {
    for (const { low, end } of spans.filter((s) => s.end > s.low)) {
      for (let from = low; from < end; from += BigInt(READ_CHUNK)) {
        const rows: { position: string; key: string | null; value: Buffer | null; headers: Record<string, string> }[] =
          await this.dataSource.query(
            `SELECT position, key, value, headers FROM event_log WHERE topic = $1 AND position >= $2 AND position < $3 ORDER BY position`,
            [topic, from.toString(), (from + BigInt(READ_CHUNK) < end ? from + BigInt(READ_CHUNK) : end).toString()],
          );
        onRecords(rows.map((r) => ({ partition: 0, offset: BigInt(r.position), key: r.key, value: r.value, headers: r.headers })));
      }
    }
  }

  async close(): Promise<void> {}
}
