import fc from 'fast-check';
import { TestUser } from '../support/api-client';
import { signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

const REQUESTS = 2000;

/** Valid bodies per method; the fuzzer breaks exactly one field of each. */
function validBodies(self: TestUser, other: TestUser): Record<string, Record<string, unknown>> {
  const peer = { _: 'inputPeerContact', user_id: other.id };
  const user = { _: 'inputUserContact', user_id: other.id };
  return {
    'auth.sendCode': { phone_number: '9996612345', sms_type: 0, api_id: 1, api_hash: 'h', lang_code: 'en' },
    'auth.checkPhone': { phone_number: '9996612345' },
    'auth.signUp': { phone_number: '9996612345', phone_code_hash: 'x', phone_code: '11111', first_name: 'F', last_name: 'L' },
    'auth.signIn': { phone_number: self.phone, phone_code_hash: 'x', phone_code: '11111' },
    'contacts.importContacts': { contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: other.phone, first_name: 'a', last_name: 'b' }], replace: false },
    'contacts.deleteContact': { id: user },
    'contacts.deleteContacts': { id: [user] },
    'contacts.block': { id: user },
    'contacts.unblock': { id: user },
    'users.getUsers': { id: [user] },
    'users.getFullUser': { id: user },
    'messages.sendMessage': { peer, message: 'hi', random_id: '1' },
    'messages.sendMedia': { peer, media: { _: 'inputMediaContact', phone_number: '123456789', first_name: 'a', last_name: 'b' }, random_id: '2' },
    'messages.forwardMessages': { peer, id: [1], random_id: '3' },
    'messages.createChat': { users: [user], title: 't' },
    'messages.getHistory': { peer, offset: 0, max_id: 0, limit: 10 },
    'updates.getDifference': { pts: 0, date: 0, qts: 0 },
  };
}

/** A JSON value of a different type than `value`, so the field can no longer be valid. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const kinds: fc.Arbitrary<unknown>[] = [];
  if (typeof value !== 'string') kinds.push(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(100_000)));
  if (typeof value !== 'number') kinds.push(fc.integer(), fc.constant(-1), fc.double());
  if (typeof value !== 'boolean') kinds.push(fc.boolean());
  if (!Array.isArray(value)) kinds.push(fc.array(fc.jsonValue(), { maxLength: 3 }));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) kinds.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }));
  kinds.push(fc.constant(null));
  return fc.oneof(...kinds);
}

describe('bad input fuzz: thousands of malformed requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  const writeCounts = () =>
    stack.query(`SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM sessions) s, (SELECT count(*) FROM sends) m,
                        (SELECT count(*) FROM link_sides) l, (SELECT count(*) FROM processed_events) p, (SELECT count(*) FROM chats) c`);

  it(`${REQUESTS} malformed requests: zero 5xx, every answer a named 4xx, nothing written`, async () => {
    const api = stack.api();
    const [self, other] = await signUpMany(api, ['Self', 'Other']);
    await self.importContact(other);
    const bodies = validBodies(self, other);
    const before = await writeCounts();

    const broken = fc.constantFrom(...Object.keys(bodies)).chain((method) => {
      const body = bodies[method];
      const field = fc.constantFrom(...Object.keys(body));
      return fc.oneof(
        // One field of a valid body replaced with a value of the wrong type.
        field.chain((key) => wrongTypeFor(body[key]).map((value) => ({ method, raw: JSON.stringify({ ...body, [key]: value }) }))),
        // A wrong constructor inside a typed field.
        field.map((key) => ({ method, raw: JSON.stringify({ ...body, [key]: { _: 'inputPeerNope', user_id: -5 } }) })),
        // Not JSON, or JSON that is not an object.
        fc.oneof(fc.string({ maxLength: 30 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }), fc.constantFrom('[]', '1', '"x"', 'null')).map((raw) => ({ method, raw })),
      );
    });
    const method = fc.oneof({ weight: 9, arbitrary: broken }, { weight: 1, arbitrary: fc.record({ method: fc.stringMatching(/^[a-z.]{1,20}$/), raw: fc.constant('{}') }) });
    const auth = fc.constantFrom('valid', 'missing', 'forged', 'garbage');
    const cases = fc.sample(fc.tuple(method, auth), { numRuns: REQUESTS, seed: 5 });

    const statuses = new Map<number, number>();
    for (const [{ method: name, raw }, authKind] of cases) {
      const token = { valid: self.token, missing: undefined, forged: 'A'.repeat(43), garbage: 'not a token!' }[authKind];
      const response = await api.call(name, null, { token, raw });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).toEqual({ _: 'rpc_error', error_code: response.status, error_message: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/) });
    }
    expect(await writeCounts()).toEqual(before);
    console.log(`fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  });

  it('a token only ever acts as its own user', async () => {
    const [alice, bob] = await signUpMany(stack.api(), ['Alice', 'Bob']);
    const asAlice = await stack.api().ok('users.getUsers', { id: [{ _: 'inputUserSelf' }] }, { token: alice.token });
    const asBob = await stack.api().ok('users.getUsers', { id: [{ _: 'inputUserSelf' }] }, { token: bob.token });
    expect([asAlice[0].id, asBob[0].id]).toEqual([alice.id, bob.id]);
    const [stored] = await stack.query(`SELECT encode(token_hash, 'hex') AS hash FROM sessions WHERE user_id = $1`, [alice.id]);
    expect(stored.hash).not.toContain(Buffer.from(alice.token).toString('hex'));
    expect(stored.hash).toHaveLength(64);
  });
});
