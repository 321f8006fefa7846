import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions, migrate } from '@app/platform';
import { scratchDatabase } from '../support/stack';

/** The columns the migration changes, as `table.column`. */
const COLUMNS = ['messages.body', 'feed.body', 'feed.users', 'sends.events', 'sends.result'];

const BODY = { _: 'message', id: 1, message: 'kept "as" \\ is', media: { _: 'messageMediaEmpty' }, n: [1, 2.5, null, true] };
const USERS = [{ _: 'userContact', id: 100002, first_name: 'Zoë', last_name: '' }];
const RESULT = { _: 'messages.sentMessage', id: 1, date: 1_700_000_000, pts: 1, seq: 1 };
const EVENTS = [{ type: 'MessageSent', payload: { text: 'é' } }];

/**
 * Message, feed and send bodies move from jsonb to json (the assembler's bind time): a database
 * holding rows from before reads back the same values after the migration and after undoing it.
 */
describe('migration: message, feed and send bodies as json', () => {
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let source: DataSource;

  const types = async () =>
    Object.fromEntries(
      (
        await source.query(
          `SELECT table_name || '.' || column_name AS name, data_type FROM information_schema.columns
           WHERE table_schema = 'public' AND table_name || '.' || column_name = ANY($1::text[])`,
          [COLUMNS],
        )
      ).map((row: { name: string; data_type: string }) => [row.name, row.data_type]),
    );
  const contents = async () => ({
    message: (await source.query(`SELECT body FROM messages`))[0].body,
    feed: (await source.query(`SELECT body, users FROM feed`))[0],
    send: (await source.query(`SELECT events, result, result->>'_' AS constructor FROM sends`))[0],
  });
  const expected = { message: BODY, feed: { body: BODY, users: USERS }, send: { events: EVENTS, result: RESULT, constructor: RESULT._ } };
  const everyColumn = (type: string) => Object.fromEntries(COLUMNS.map((column) => [column, type]));

  beforeAll(async () => {
    database = await scratchDatabase();
    const before = await new DataSource({ ...dataSourceOptions(), url: database.url, migrations: MIGRATIONS.slice(0, -1) }).initialize();
    await migrate(before);
    await before.query(`INSERT INTO messages (user_id, id, peer_kind, peer_id, body) VALUES (100001, 1, 'user', 100002, $1)`, [BODY]);
    await before.query(`INSERT INTO feed (user_id, pts, date, kind, body, users) VALUES (100001, 1, 1, 'message', $1, $2)`, [
      BODY,
      JSON.stringify(USERS),
    ]);
    await before.query(
      `INSERT INTO sends (sender_id, random_id, event_id, request_hash, events, result) VALUES (100001, '7', $1, '', $2, $3)`,
      [randomUUID(), JSON.stringify(EVENTS), RESULT],
    );
    await before.destroy();
    source = await new DataSource({ ...dataSourceOptions(), url: database.url }).initialize();
  });

  afterAll(async () => {
    await source?.destroy();
    await database?.drop();
  });

  it('starts from jsonb columns', async () => {
    expect(await types()).toEqual(everyColumn('jsonb'));
  });

  it('turns them into json and keeps every value', async () => {
    await migrate(source);
    expect(await types()).toEqual(everyColumn('json'));
    expect(await contents()).toEqual(expected);
  });

  it('undoes to jsonb with the same values', async () => {
    await source.undoLastMigration({ transaction: 'all' });
    expect(await types()).toEqual(everyColumn('jsonb'));
    expect(await contents()).toEqual(expected);
  });
});
