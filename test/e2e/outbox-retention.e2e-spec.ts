import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { eventKey, makeEvent, newMeta } from '@app/events';
import { Outbox, TableEventLog, createDataSource, migrate } from '@app/platform';

const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUR_MS = 3_600_000;

async function withAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(sql).finally(() => admin.end());
}

function registered(userId: number) {
  const event = makeEvent(
    'UserRegistered',
    { user_id: userId, phone: `7900000${userId}`, first_name: 'U', last_name: String(userId) },
    newMeta({ correlation_id: `outbox-${userId}` }),
  );
  return { topic: 'retention.events', key: eventKey(event), event };
}

describe('outbox retention (Postgres)', () => {
  const database = `outbox_${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;
  let log: TableEventLog;

  beforeAll(async () => {
    await withAdmin(`CREATE DATABASE ${database}`);
    dataSource = await createDataSource(ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`), 2).initialize();
    await migrate(dataSource);
    log = new TableEventLog(dataSource);
  });

  afterAll(async () => {
    await log?.close();
    await dataSource?.destroy();
    await withAdmin(`DROP DATABASE ${database}`);
  });

  async function rowsOf(source: string): Promise<{ event_id: string; published: boolean }[]> {
    return dataSource.query(`SELECT event_id, published_at IS NOT NULL AS published FROM outbox WHERE source = $1 ORDER BY id`, [source]);
  }

  it('deletes only its own published rows older than the retention; unpublished and recent rows stay', async () => {
    const mine = new Outbox(dataSource, log, 'retention-test');
    const other = new Outbox(dataSource, log, 'other-source');
    const [oldPublished, oldUnpublished, recentPublished] = await dataSource.transaction((db) =>
      mine.insert(db, [registered(1), registered(2), registered(3)]),
    );
    const [othersOld] = await dataSource.transaction((db) => other.insert(db, [registered(4)]));
    await mine.publishRows([oldPublished, recentPublished]);
    await other.publishRows([othersOld]);
    await dataSource.query(
      `UPDATE outbox SET created_at = now() - interval '3 hours', published_at = CASE WHEN published_at IS NULL THEN NULL ELSE now() - interval '2 hours' END WHERE id = ANY($1::bigint[])`,
      [[oldPublished.id, oldUnpublished.id, othersOld.id]],
    );

    expect(await mine.prune(HOUR_MS)).toBe(1);

    expect(await rowsOf('retention-test')).toEqual([
      { event_id: oldUnpublished.event_id, published: false },
      { event_id: recentPublished.event_id, published: true },
    ]);
    expect(await rowsOf('other-source')).toEqual([{ event_id: othersOld.event_id, published: true }]);
    expect(await mine.prune(HOUR_MS)).toBe(0);
  });
});
