import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { eventKey, makeEvent, newMeta } from '@app/events';
import {
  BatchConsumer,
  ConsumedBatch,
  EventLog,
  KafkaEventLog,
  KafkaLogInspector,
  LogInspector,
  LogRecord,
  Rejection,
  TableEventLog,
  TableLogInspector,
  createDataSource,
  loadConfig,
  migrate,
  recordOf,
} from '@app/platform';
import { eventually } from '../support/deadline';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Owners whose ContactImported the scripted handler fails on, and how. */
const DATA_FAULT = 3;
const BUG = 7;
const TRANSIENT = 11;
const EVENTS = 20;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** The sum of a metric of this process over the series that carry `labels`. */
async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const values = (await register.getSingleMetric(name)?.get())?.values ?? [];
  return values.filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value)).reduce((sum, v) => sum + v.value, 0);
}

async function allRecords(inspector: LogInspector, topic: string): Promise<LogRecord[]> {
  const read: LogRecord[] = [];
  await inspector.read(topic, await inspector.spans(topic), (records) => read.push(...records));
  return read;
}

/** The failure handling every consumer shares (issue 15): a consumer with a scripted handler on a real log and a real database. */
describe.each<['Kafka' | 'table']>([['Kafka'], ['table']])('consumer failures (%s log)', (kind) => {
  let dataSource: DataSource;
  let log: EventLog;
  let inspector: LogInspector;
  let database: string;
  const prefix = `failures-${randomBytes(4).toString('hex')}`;
  const config = loadConfig('failures', 0, {
    KAFKA_BROKERS: BROKERS,
    TOPIC_PREFIX: prefix,
    EVENT_PARTITIONS: '1',
    CONSUMER_SESSION_TIMEOUT_MS: '6000',
  });
  const consumerName = `failures-${kind}`;

  beforeAll(async () => {
    database = `consumer_failures_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${database}`);
    dataSource = await createDataSource(ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`), 4).initialize();
    await migrate(dataSource);
    await dataSource.query(`CREATE TABLE applied (owner integer PRIMARY KEY)`);
    if (kind === 'Kafka') {
      log = new KafkaEventLog(config);
      inspector = new KafkaLogInspector(new Kafka({ brokers: [BROKERS], logLevel: logLevel.NOTHING }), prefix);
    } else {
      log = new TableEventLog(dataSource);
      inspector = new TableLogInspector(dataSource);
    }
    await log.ensureTopics();
  });
  afterAll(async () => {
    await log?.close();
    await inspector?.close();
    await dataSource?.destroy();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('dead-letters bad data at once and a bug after its tries, outlives a transient failure, applies everything else exactly once', async () => {
    let transientLeft = 3;
    const rejected: Rejection[] = [];
    /** Fails as scripted, else records the owner inside the batch's transaction (a rollback undoes it, a repeat would collide). */
    const apply = async ({ events, db }: ConsumedBatch) => {
      for (const event of events) {
        if (event.type !== 'ContactImported') continue;
        const owner = event.payload.owner_id;
        if (owner === DATA_FAULT) throw Object.assign(new Error('value too long for type character varying(3)'), { code: '22001' });
        if (owner === BUG) throw new Error('a bug in the handler');
        if (owner === TRANSIENT && transientLeft > 0) {
          transientLeft--;
          throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        }
        await db.query(`INSERT INTO applied (owner) VALUES ($1)`, [owner]);
      }
    };
    const topic = config.topics.events;
    const events = Array.from({ length: EVENTS }, (_, i) =>
      makeEvent('ContactImported', { owner_id: i + 1, contact_id: 1000 }, newMeta({ correlation_id: 'failures' })),
    );
    await log.append(events.map((event) => recordOf({ topic, key: eventKey(event), event })));
    await log.append([{ topic, key: 'x', value: Buffer.from('not json'), headers: {} }]);
    const consumer = new BatchConsumer(consumerName, topic, log, dataSource, config, {
      apply,
      reject: async (rejection) => void rejected.push(rejection),
    });
    await consumer.start();
    try {
      await eventually(
        'every event applied or dead-lettered',
        async () => {
          const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM applied`);
          return n === EVENTS - 2 && rejected.length === 3 ? true : undefined;
        },
        60_000,
        100,
      );
    } finally {
      await consumer.stop();
    }
    const applied = (await dataSource.query(`SELECT owner FROM applied ORDER BY owner`)).map((r: { owner: number }) => r.owner);
    expect(applied).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1).filter((owner) => owner !== DATA_FAULT && owner !== BUG));
    expect(transientLeft).toBe(0);
    const summary = (kindOf: string | undefined, owner: unknown) => `${kindOf}:${owner ?? '-'}`;
    expect(rejected.map((r) => summary(r.kind, (r.payload as { owner_id?: number } | undefined)?.owner_id)).sort()).toEqual([
      `bug:${BUG}`,
      `data:${DATA_FAULT}`,
      'malformed:-',
    ]);
    const letters = await allRecords(inspector, config.topics.deadLetter);
    expect(
      letters
        .map((l) => summary(l.headers.kind, l.headers.kind === 'malformed' ? undefined : JSON.parse(l.value!.toString()).payload.owner_id))
        .sort(),
    ).toEqual([`bug:${BUG}`, `data:${DATA_FAULT}`, 'malformed:-']);
    expect(letters.find((l) => l.headers.kind === 'bug')?.headers.reason).toMatch(/^handler failed 3 times: Error: a bug in the handler/);
    // The alert metrics: the bug's tries, the transient failures, the dead letters by reason.
    expect(await metricValue('consumer_failures_total', { consumer: consumerName, kind: 'bug' })).toBeGreaterThanOrEqual(3);
    expect(await metricValue('consumer_failures_total', { consumer: consumerName, kind: 'transient' })).toBe(3);
    for (const reason of ['bug', 'data', 'malformed'])
      expect([reason, await metricValue('dead_letters_total', { consumer: consumerName, reason })]).toEqual([reason, 1]);
    // The position moved past every record, the bad ones included: nothing comes again.
    expect(
      await dataSource.query(`SELECT next_offset::int AS position FROM consumer_positions WHERE consumer = $1`, [consumerName]),
    ).toEqual([{ position: EVENTS + 1 }]);
  });
});
