import { eventually } from '../support/deadline';
import { nextRandomId, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

/** The gateways' LISTEN connections, by their backends (each gateway keeps one open, idle in LISTEN). */
async function listenBackends(stack: Stack): Promise<number[]> {
  const rows = await stack.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
  );
  return rows.map((r) => r.pid);
}

/**
 * The gateways hear results and session revocations over one LISTEN connection each. When that
 * connection is cut (a Postgres restart, a proxy timeout), each gateway listens again by itself,
 * and what it caches is pushed to it again: a revocation on one replica reaches the other at once.
 */
describe('a lost LISTEN connection', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ gateways: 2 });
  });
  afterAll(() => stack?.stop());

  it('is made again; revocations and results reach the gateways through the new one', async () => {
    const [ann, bob] = await signUpMany(stack.api(0), ['Ann', 'Bob']);
    await ann.importContact(bob);
    const onSecond = { token: ann.token, layer: 3 };
    const before = await listenBackends(stack);
    expect(before).toHaveLength(2);
    await stack.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [before]);
    await eventually(
      'both gateways to listen again',
      async () => {
        const now = await listenBackends(stack);
        return now.length === 2 && now.every((pid) => !before.includes(pid)) ? true : undefined;
      },
      30_000,
      100,
    );
    // Replica 1 knows Ann's session (its cache was cleared by the gap, so this reads it anew and keeps it).
    expect((await stack.api(1).call('updates.getState', {}, onSecond)).status).toBe(200);
    // A send through replica 1 is answered from the notification, well within the call's deadline.
    const sent = await stack
      .api(1)
      .call(
        'messages.sendMessage',
        { peer: { _: 'inputPeerContact', user_id: bob.id }, message: 'after the gap', random_id: nextRandomId() },
        onSecond,
      );
    expect(sent.status).toBe(200);
    // Ann logs out through replica 0: replica 1 hears of it and refuses the token at once, long before its cache would expire.
    const loggedOutAt = Date.now();
    expect((await stack.api(0).call('auth.logOut', {}, { token: ann.token })).status).toBe(200);
    await eventually(
      'replica 1 to refuse the revoked token',
      async () => ((await stack.api(1).call('updates.getState', {}, onSecond)).status === 401 ? true : undefined),
      5_000,
      20,
    );
    expect(Date.now() - loggedOutAt).toBeLessThan(1_000);
  });
});
