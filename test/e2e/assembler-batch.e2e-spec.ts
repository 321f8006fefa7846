import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DomainEvent, EventOf, EventType, PayloadOf, makeEvent } from '@app/events';
import { ConsumedBatch, UserDirectory, createDataSource, loadConfig, migrate } from '@app/platform';
import { LinkProjectionHandler } from '../../apps/link-projector/src/link-projection.handler';
import { ResultAssemblyHandler } from '../../apps/result-assembler/src/result-assembly.handler';
import { eventually } from '../support/deadline';

const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const config = loadConfig('assembler-batch-test', 0);
const [ANN, BOB, CID, DAN] = [100001, 100002, 100003, 100004];
const CHAT = 7;
const DATE = 1_700_000_000;

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

const urlOf = (database: string) => ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`);
const meta = () => ({
  event_id: randomUUID(),
  occurred_at: new Date(DATE * 1000).toISOString(),
  correlation_id: 'assembler-batch',
  causation_id: 'assembler-batch',
});
const event = <T extends EventType>(type: T, payload: PayloadOf<T>): DomainEvent => makeEvent(type, payload, meta()) as DomainEvent;

let randomIds = 0;
function message(
  sender: number,
  peer: PayloadOf<'MessageSent'>['peer'],
  items: PayloadOf<'MessageSent'>['items'],
  method: PayloadOf<'MessageSent'>['method'] = 'messages.sendMessage',
  layer = 3,
): DomainEvent {
  return event('MessageSent', { sender_id: sender, random_id: String(++randomIds), method, layer, peer, date: DATE + randomIds, items });
}
const text = (value: string) => [{ content: { kind: 'text' as const, text: value } }];
const toUser = (id: number) => ({ kind: 'user' as const, user_id: id });

/** Several sends among the same users, so one batch moves the same boxes and pairs again and again. */
function history(): DomainEvent[] {
  return [
    ...[ANN, BOB, CID, DAN].map((id, i) =>
      event('UserRegistered', { user_id: id, phone: `1555000${i}`, first_name: `U${i}`, last_name: '' }),
    ),
    event('ContactImported', { owner_id: ANN, contact_id: BOB }),
    event('ContactImported', { owner_id: DAN, contact_id: ANN }),
    event('ChatCreated', { chat_id: CHAT, creator_id: ANN, title: 'team', member_ids: [ANN, BOB, CID] }),
    message(ANN, toUser(BOB), text('reveals Ann to Bob')),
    message(BOB, toUser(ANN), text('reply')),
    message(ANN, toUser(BOB), text('again, no change')),
    message(CID, toUser(ANN), text('a stranger writes')),
    message(
      ANN,
      toUser(CID),
      [{ content: { kind: 'contact', text: '', phone_number: '15550001', first_name: 'U1', last_name: '', user_id: BOB } }],
      'messages.sendMedia',
    ),
    message(
      ANN,
      { kind: 'chat', chat_id: CHAT },
      [{ content: { kind: 'chat_created', title: 'team', member_ids: [ANN, BOB, CID] } }],
      'messages.createChat',
    ),
    message(BOB, { kind: 'chat', chat_id: CHAT }, text('hello team')),
    message(DAN, toUser(ANN), text('Dan reveals on layer 1'), 'messages.sendMessage', 1),
    message(
      ANN,
      toUser(DAN),
      [1, 2].map((n) => ({ content: { kind: 'text' as const, text: `fwd ${n}` }, forwarded_from: { from_id: BOB, date: DATE } })),
      'messages.forwardMessages',
    ),
    event('UserBlocked', { owner_id: DAN, target_id: CID }),
    message(CID, toUser(DAN), text('blocked, not delivered')),
    message(ANN, toUser(ANN), text('to myself')),
  ];
}

/** Runs events through a handler the way BatchConsumer does, one transaction per batch; returns the statements per batch. */
async function runBatch(
  dataSource: DataSource,
  handler: { apply(batch: ConsumedBatch): Promise<void> },
  events: readonly DomainEvent[],
  emitted: DomainEvent[] = [],
): Promise<number> {
  let statements = 0;
  await dataSource.transaction(async (db) => {
    const query = db.query.bind(db);
    db.query = ((sql: string, parameters?: unknown[]) => {
      statements++;
      return query(sql, parameters);
    }) as typeof db.query;
    await handler.apply({ topic: 'test', partitions: [0], events, db, emit: ({ event: out }) => emitted.push(out) });
  });
  return statements;
}

/** What the assembler leaves behind: boxes, messages, feeds, results, and the notifications (as a set: Postgres folds repeats per transaction). */
async function outcome(url: string, notifications: Set<string>) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows = async (sql: string) => (await client.query(sql)).rows;
    return {
      mailboxes: await rows(`SELECT user_id, pts, seq, last_message_id FROM mailboxes ORDER BY user_id`),
      messages: await rows(`SELECT user_id, id, peer_kind, peer_id, body FROM messages ORDER BY user_id, id`),
      feed: await rows(`SELECT user_id, pts, date, kind, body, users FROM feed ORDER BY user_id, pts`),
      sends: await rows(`SELECT sender_id, random_id, result FROM sends ORDER BY sender_id, random_id`),
      notifications: [...notifications].sort(),
    };
  } finally {
    await client.end();
  }
}

const DRAINED = 'send_results/drained';

/**
 * Waits until a listener has every notification committed so far: Postgres delivers them in commit
 * order, so once a marker notified after the last commit arrives, nothing before it is in flight.
 */
async function drain(url: string, from: Set<string>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`SELECT pg_notify('send_results', 'drained')`).finally(() => client.end());
  await eventually('the notifications before the marker', async () => (from.has(DRAINED) ? true : undefined));
  from.delete(DRAINED);
}

async function listen(url: string, into: Set<string>): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  client.on('notification', ({ channel, payload }) => into.add(`${channel}/${payload}`));
  await client.query('LISTEN feed_appended');
  await client.query('LISTEN send_results');
  return client;
}

/**
 * The assembler folds a batch in memory (message ids, pts, seq, rendered users) and writes each
 * table once: a batch of LinkChanged events for the same users must leave exactly what applying
 * them one transaction each leaves, with a fixed number of statements per batch.
 */
describe('result assembler: one batch equals one event at a time', () => {
  const id = randomBytes(4).toString('hex');
  const [batched, single] = [`contact_links_test_${id}_batch`, `contact_links_test_${id}_single`];
  const listeners: Client[] = [];
  const seen = { batched: new Set<string>(), single: new Set<string>() };
  let linkChanges: EventOf<'LinkChanged'>[] = [];
  const statements = { batch: 0, single: [] as number[] };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${batched}`);
    const source = await createDataSource(urlOf(batched), 2).initialize();
    await migrate(source);
    const events = history();
    const emitted: DomainEvent[] = [];
    await runBatch(source, new LinkProjectionHandler(config), events, emitted);
    linkChanges = emitted.filter((e): e is EventOf<'LinkChanged'> => e.type === 'LinkChanged');
    for (const { payload } of linkChanges) {
      await source.query(`INSERT INTO sends (sender_id, random_id, event_id, request_hash, events) VALUES ($1, $2, $3, '', '[]')`, [
        payload.message.sender_id,
        payload.message.random_id,
        payload.message_event_id,
      ]);
    }
    await source.destroy();
    await admin(`CREATE DATABASE ${single} TEMPLATE ${batched}`);

    const assembler = new ResultAssemblyHandler(new UserDirectory(config), config);
    for (const [database, into] of [
      [batched, seen.batched],
      [single, seen.single],
    ] as const)
      listeners.push(await listen(urlOf(database), into));
    const oneBatch = await createDataSource(urlOf(batched), 2).initialize();
    statements.batch = await runBatch(oneBatch, assembler, linkChanges);
    await oneBatch.destroy();
    const oneByOne = await createDataSource(urlOf(single), 2).initialize();
    for (const change of linkChanges) statements.single.push(await runBatch(oneByOne, assembler, [change]));
    await oneByOne.destroy();
    for (const [database, from] of [
      [batched, seen.batched],
      [single, seen.single],
    ] as const)
      await drain(urlOf(database), from);
  });

  afterAll(async () => {
    await Promise.all(listeners.map((client) => client.end()));
    for (const database of [batched, single]) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    console.log(
      `assembler statements: ${statements.batch} for one batch of ${linkChanges.length} LinkChanged; one at a time: ${statements.single.join(', ')}`,
    );
  });

  it('writes the same boxes, messages, feeds, results and notifications', async () => {
    expect(linkChanges).toHaveLength(11);
    const [fromBatch, fromSingles] = [await outcome(urlOf(batched), seen.batched), await outcome(urlOf(single), seen.single)];
    expect(fromBatch).toEqual(fromSingles);
    expect(fromBatch.sends.every((send) => send.result !== null)).toBe(true);
  });

  it('keeps each recipient’s updateContactLink directly before the message that caused it', async () => {
    const { feed, mailboxes } = await outcome(urlOf(batched), seen.batched);
    const bob = feed.filter((entry) => entry.user_id === BOB);
    expect(bob.map((entry) => [entry.pts, entry.kind])).toEqual([
      [1, 'link'],
      [2, 'message'],
      [3, 'message'],
      [4, 'message'],
      [5, 'message'],
      [6, 'message'],
    ]);
    expect(bob[0].body).toMatchObject({ _: 'updateContactLink', user_id: ANN });
    expect(bob[1].body).toMatchObject({ message: 'reveals Ann to Bob', id: 1 });
    // Ann's box: 10 appends (a forward of two messages is one; Dan's reveal is a link update and a message), 11 messages, 12 pts.
    expect(mailboxes.find((box) => box.user_id === ANN)).toEqual({ user_id: ANN, pts: 12, seq: 10, last_message_id: 11 });
  });

  it('needs a fixed number of statements per batch, not several per event', () => {
    expect(statements.batch).toBeLessThanOrEqual(11);
    expect(statements.batch).toBeLessThan(statements.single.reduce((sum, n) => sum + n, 0) / 5);
  });
});
