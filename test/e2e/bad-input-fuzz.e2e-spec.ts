import fc from 'fast-check';
import { TestUser } from '../support/api-client';
import { logLeaks } from '../support/log-witness';
import { OpenApiDocument, declares, fetchOpenApi } from '../support/openapi';
import { nextPhone, signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const REQUESTS = 2000;

/** Valid bodies per method; the fuzzer breaks exactly one field of each. */
function validBodies(self: TestUser, other: TestUser): Record<string, Record<string, unknown>> {
  const peer = { _: 'inputPeerContact', user_id: other.id };
  const user = { _: 'inputUserContact', user_id: other.id };
  return {
    'auth.sendCode': { phone_number: '9996612345', sms_type: 0, api_id: 1, api_hash: 'h', lang_code: 'en' },
    'auth.checkPhone': { phone_number: '9996612345' },
    'auth.signUp': { phone_number: '9996612345', phone_code_hash: 'ab12', phone_code: '11111', first_name: 'F', last_name: 'L' },
    'auth.signIn': { phone_number: self.phone, phone_code_hash: 'ab12', phone_code: '11111' },
    'contacts.importContacts': {
      contacts: [{ _: 'inputPhoneContact', client_id: '1', phone: other.phone, first_name: 'a', last_name: 'b' }],
      replace: false,
    },
    'contacts.getContacts': { hash: '' },
    'contacts.deleteContact': { id: user },
    'contacts.deleteContacts': { id: [user] },
    'contacts.block': { id: user },
    'contacts.unblock': { id: user },
    'contacts.getBlocked': { offset: 0, limit: 10 },
    'users.getUsers': { id: [user] },
    'users.getFullUser': { id: user },
    'messages.sendMessage': { peer, message: 'hi', random_id: '1' },
    'messages.sendMedia': {
      peer,
      media: { _: 'inputMediaContact', phone_number: '123456789', first_name: 'a', last_name: 'b' },
      random_id: '2',
    },
    'messages.forwardMessages': { peer, id: [1], random_id: '3' },
    'messages.forwardMessage': { peer, id: 1, random_id: '4' },
    'messages.sendBroadcast': { contacts: [user], message: 'hi', media: { _: 'inputMediaEmpty' }, random_id: ['5'] },
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
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    kinds.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }));
  kinds.push(fc.constant(null));
  return fc.oneof(...kinds);
}

/** Strings no text field may take: NUL, unpaired surrogates, controls, only invisible characters, far too long. */
const HOSTILE_STRINGS = [
  '\u0000',
  'ok\u0000ok',
  '\ud800',
  'ok\udfffok',
  '\u200b',
  ' \u2060\u200b\ufeff ',
  '\u202e',
  '\u0007bell',
  'x'.repeat(5_000),
];
/** Strings no `long` (a decimal string of a signed 64-bit integer) may take. */
const NOT_LONGS = [
  'x',
  '1e3',
  '１２３',
  'a'.repeat(5_000),
  '',
  '-',
  '99999999999999999999',
  '9223372036854775808',
  '0x10',
  ' 1',
  '1.5',
  '\u0000',
];
const LONG_FIELDS = new Set(['random_id', 'client_id', 'access_hash']);

type Path = readonly (string | number)[];

/** Every string in a body, as the path to it. */
function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function replaced(value: unknown, path: Path, by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaced(item, rest, by) : item));
  return { ...(value as Record<string, unknown>), [head]: replaced((value as Record<string, unknown>)[head], rest, by) };
}

const NAMED_ERROR = /^[A-Z][A-Z0-9_]+$/;

describe.each<StackMode>(['distributed', 'embedded'])('bad input fuzz (%s): thousands of malformed requests', (mode) => {
  let stack: Stack;
  let self: TestUser;
  let other: TestUser;
  let openapi: OpenApiDocument;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
    openapi = await fetchOpenApi(stack.api().baseUrl);
    [self, other] = await signUpMany(stack.api(), ['Self', 'Other']);
    await self.importContact(other);
  });
  afterAll(() => stack?.stop());

  /** What the database holds, where the test can read it (the embedded database lives inside its process). */
  const writeCounts = () =>
    mode === 'embedded'
      ? Promise.resolve([])
      : stack.query(`SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM sessions) s, (SELECT count(*) FROM sends) m,
                            (SELECT count(*) FROM link_sides) l, (SELECT count(*) FROM processed_events) p, (SELECT count(*) FROM chats) c,
                            (SELECT count(*) FROM login_codes) codes`);

  /** Sends one request and checks it got a named 4xx; returns the status. */
  async function refused(method: string, raw: string, token: string | undefined): Promise<number> {
    const response = await stack.api().call(method, null, { token, raw });
    const summary = { method, raw: raw.slice(0, 200), status: response.status, body: response.body };
    expect(summary).toEqual({
      ...summary,
      status: expect.any(Number),
      body: { _: 'rpc_error', error_code: response.status, error_message: expect.stringMatching(NAMED_ERROR) },
    });
    expect([method, raw.slice(0, 200), response.status >= 400 && response.status < 500]).toEqual([method, raw.slice(0, 200), true]);
    // The contract names every error a method answers with; a made-up name has no path (METHOD_INVALID, or NOT_FOUND where it leaves /v1, as `..` does).
    const declared = declares(openapi, method, response.body.error_message);
    expect([
      method,
      response.body.error_message,
      declared ?? ['METHOD_INVALID', 'NOT_FOUND'].includes(response.body.error_message),
    ]).toEqual([method, response.body.error_message, true]);
    return response.status;
  }

  it(`${REQUESTS} malformed requests: zero 5xx, every answer a named 4xx, nothing written`, async () => {
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
        // Not JSON, or JSON that is not an object. (An empty body counts as `{}`, valid for a method whose parameters all have defaults.)
        fc
          .oneof(
            fc.string({ minLength: 1, maxLength: 30 }).filter((s) => {
              try {
                JSON.parse(s);
                return false;
              } catch {
                return true;
              }
            }),
            fc.constantFrom('[]', '1', '"x"', 'null'),
          )
          .map((raw) => ({ method, raw })),
      );
    });
    const method = fc.oneof(
      { weight: 9, arbitrary: broken },
      { weight: 1, arbitrary: fc.record({ method: fc.stringMatching(/^[a-z.]{1,20}$/), raw: fc.constant('{}') }) },
    );
    const auth = fc.constantFrom('valid', 'missing', 'forged', 'garbage');
    const cases = fc.sample(fc.tuple(method, auth), { numRuns: REQUESTS, seed: 5 });

    const statuses = new Map<number, number>();
    for (const [{ method: name, raw }, authKind] of cases) {
      const token = { valid: self.token, missing: undefined, forged: 'A'.repeat(43), garbage: 'not a token!' }[authKind];
      const status = await refused(name, raw, token);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect(await writeCounts()).toEqual(before);
    console.log(`fuzz (${mode}): ${REQUESTS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  });

  it('every string field refuses hostile strings, and every long field refuses what is not a long, with a named 400 the contract declares', async () => {
    const bodies = validBodies(self, other);
    const before = await writeCounts();
    const wrong: string[] = [];
    let sent = 0;
    for (const [method, body] of Object.entries(bodies)) {
      for (const path of stringPaths(body)) {
        const key = String(path[path.length - 1]);
        for (const value of LONG_FIELDS.has(key) ? [...HOSTILE_STRINGS, ...NOT_LONGS] : HOSTILE_STRINGS) {
          const response = await stack.api().call(method, null, { token: self.token, raw: JSON.stringify(replaced(body, path, value)) });
          sent++;
          const named =
            response.status === 400 &&
            NAMED_ERROR.test(response.body?.error_message ?? '') &&
            declares(openapi, method, response.body.error_message) === true;
          if (!named)
            wrong.push(
              `${method} ${path.join('.')}=${JSON.stringify(value.slice(0, 12))}: ${response.status} ${response.body?.error_message}`,
            );
        }
      }
    }
    console.log(
      `fuzz (${mode}): ${sent} hostile strings, ${wrong.length} not a named 400 (${wrong.filter((w) => / 5\d\d /.test(w)).length} were 5xx)`,
    );
    expect(wrong).toEqual([]);
    expect(await writeCounts()).toEqual(before);
  });

  it('serves its OpenAPI contract without a session: a path for each method it answers, and for no other', async () => {
    const methods = Object.keys(openapi.paths)
      .filter((path) => path.startsWith('/v1/'))
      .map((path) => path.slice('/v1/'.length));
    expect(methods).toEqual(expect.arrayContaining(Object.keys(validBodies(self, other))));
    for (const method of [...methods, 'contacts.noSuchMethod']) {
      const response = await stack.api().call(method, {}); // no session: nothing is changed, but the method is still known or not
      expect([method, response.body?.error_message === 'METHOD_INVALID']).toEqual([method, !methods.includes(method)]);
    }
  });

  it('a token only ever acts as its own user', async () => {
    const [alice, bob] = await signUpMany(stack.api(), ['Alice', 'Bob']);
    const asAlice = await stack.api().ok('users.getUsers', { id: [{ _: 'inputUserSelf' }] }, { token: alice.token });
    const asBob = await stack.api().ok('users.getUsers', { id: [{ _: 'inputUserSelf' }] }, { token: bob.token });
    expect([asAlice[0].id, asBob[0].id]).toEqual([alice.id, bob.id]);
    if (mode === 'embedded') return;
    const [stored] = await stack.query(`SELECT encode(token_hash, 'hex') AS hash FROM sessions WHERE user_id = $1`, [alice.id]);
    expect(stored.hash).not.toContain(Buffer.from(alice.token).toString('hex'));
    expect(stored.hash).toHaveLength(64);
  });

  // Last, over all the lines the tests above made the processes write.
  it('no log line of any process carries a token, login code or phone the clients used, contact cards and imports included', async () => {
    const peer = { _: 'inputPeerContact', user_id: other.id };
    const card = { _: 'inputMediaContact', phone_number: nextPhone(), first_name: 'Card', last_name: '' };
    const sent = await self.ok('messages.sendMedia', { peer, media: card, random_id: '77' });
    expect(['messages.statedMessage', 'messages.statedMessageLink']).toContain(sent._);
    await self.ok('contacts.importContacts', {
      contacts: [{ _: 'inputPhoneContact', client_id: '9', phone: nextPhone(), first_name: 'Imported', last_name: '' }],
    });
    const { lines, secrets, leaks } = stack.logLeaks();
    expect(lines).toBeGreaterThan(0);
    // The search finds what is there: the URL the ready line names.
    expect(logLeaks(stack.logDir, [stack.apiService().url]).leaks.length).toBeGreaterThan(0);
    // Tokens and phones of four users, codes, hashes, the card's and the import's phones, the stack's secret.
    expect(secrets).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
  });
});
