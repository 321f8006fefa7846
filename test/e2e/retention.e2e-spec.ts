import { Kafka, logLevel } from 'kafkajs';
import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { nextRandomId, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

const USERS = 6;
const SENDS_PER_USER = 150;
const FEED_MAX_ENTRIES = 100;

/**
 * Every table that grows with traffic is bounded (issue 15): a soak with retentions of seconds,
 * then the tables drain to nothing; and with the consumers' event-id ledger pruned, a consumer
 * whose group offsets are reset to the beginning still applies nothing twice (its positions).
 */
describe('retention: tables that grow with traffic stay bounded', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({
      env: {
        SEND_RETENTION_MS: '2000',
        LEDGER_RETENTION_MS: '2000',
        FEED_MAX_ENTRIES: String(FEED_MAX_ENTRIES),
        SESSION_TTL_SECONDS: '5',
        LOGIN_CODE_TTL_SECONDS: '5',
        RATE_LIMIT_WINDOW_SECONDS: '2',
        OUTBOX_SWEEP_MS: '300',
        OUTBOX_RETENTION_MS: '1000',
      },
    });
  });
  afterAll(() => stack?.stop());

  const count = async (sql: string) => (await stack.query<{ n: number }>(sql))[0]?.n ?? 0;
  const largestFeed = () => count(`SELECT coalesce(max(n), 0)::int AS n FROM (SELECT count(*) AS n FROM feed GROUP BY user_id) f`);

  it('a soak leaves feeds capped and sends, ledgers, outboxes, sessions, codes and rate windows pruned', async () => {
    const users = await signUpMany(
      stack.api(),
      Array.from({ length: USERS }, (_, i) => `S${i}`),
    );
    for (const [i, user] of users.entries()) await user.importContact(users[(i + 1) % USERS]);
    let largest = 0;
    const workers = users.map(async (first, i) => {
      let user: TestUser = first;
      const peer = { _: 'inputPeerContact', user_id: users[(i + 1) % USERS].id };
      for (let n = 0; n < SENDS_PER_USER; n++) {
        const params = { peer, message: `soak ${n}`, random_id: nextRandomId() };
        let answer = await user.call('messages.sendMessage', params);
        // Sessions live five seconds here: sign in again, as a client does when its session ends.
        if (answer.status === 401) answer = await (user = await user.signInAgain()).call('messages.sendMessage', params);
        expect(answer.status).toBe(200);
        if (n % 25 === 0) largest = Math.max(largest, await largestFeed());
      }
    });
    await Promise.all(workers);
    largest = Math.max(largest, await largestFeed());
    expect(largest).toBeLessThanOrEqual(FEED_MAX_ENTRIES);
    expect(largest).toBe(FEED_MAX_ENTRIES); // the cap was reached and held

    for (const [table, sql] of [
      ['sends', `SELECT count(*)::int AS n FROM sends`],
      ['processed_events', `SELECT count(*)::int AS n FROM processed_events`],
      ['outbox', `SELECT count(*)::int AS n FROM outbox`],
      ['sessions', `SELECT count(*)::int AS n FROM sessions`],
      ['login_codes', `SELECT count(*)::int AS n FROM login_codes`],
      ['rate_limits', `SELECT count(*)::int AS n FROM rate_limits`],
    ] as const) {
      await eventually(`${table} to be pruned`, async () => ((await count(sql)) === 0 ? true : undefined), 30_000, 200);
    }
  });

  it('with the ledger pruned, consumers whose group offsets go back to the beginning apply nothing twice', async () => {
    const snapshot = () =>
      stack.query(`SELECT (SELECT count(*) FROM messages)::int AS messages, (SELECT coalesce(max(pts), 0) FROM mailboxes)::int AS pts,
                          (SELECT count(*) FROM link_sides)::int AS sides, (SELECT count(*) FROM processed_events)::int AS ledger`);
    const before = await snapshot();
    expect(before[0].ledger).toBe(0);
    const kafka = new Kafka({ brokers: stack.brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const [service, group, topic] of [
        ['link-projector', 'link-projector', 'events'],
        ['result-assembler', 'result-assembler', 'link-changed'],
      ] as const) {
        const process = stack.service(service);
        await process.stop('SIGTERM');
        await admin.resetOffsets({ groupId: `${stack.topicPrefix}.${group}`, topic: `${stack.topicPrefix}.${topic}`, earliest: true });
        await process.start();
        await eventually(
          `${service} to read its whole topic again`,
          async () => {
            const text = await (await fetch(process.metricsUrl)).text();
            const skipped = Number(/^consumer_repeats_skipped_total\{consumer="[^"]+"\} (\d+)/m.exec(text)?.[1] ?? 0);
            return skipped > 0 && /^consumer_lag\{[^}]*\} 0$/m.test(text) ? skipped : undefined;
          },
          60_000,
          200,
        );
      }
    } finally {
      await admin.disconnect();
    }
    expect(await snapshot()).toEqual(before);
  });
});
