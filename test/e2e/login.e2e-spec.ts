import { accessHash } from '@app/links';
import { DEVELOPMENT_ACCESS_HASH_SECRET } from '@app/platform';
import { TestUser } from '../support/api-client';
import { CodeReceiver } from '../support/code-receiver';
import { eventually } from '../support/deadline';
import { Stack, StackMode } from '../support/stack';

const WEBHOOK_SECRET = 'login-e2e-webhook-secret-of-32-bytes-or-more';
const CODE_TTL_SECONDS = 4;
const ATTEMPTS = 3;
const LOOKUPS_PER_USER = 6;
const CODES_PER_PHONE = 4;
const LOOKUPS_PER_ADDRESS = 30;
/** Revocation must hold on every replica within this. */
const REVOCATION_MS = 1_000;

const sendCodeParams = (phone: string) => ({ phone_number: phone, sms_type: 0, api_id: 1, api_hash: 'e2e', lang_code: 'en' });

type Answer = { status: number; retryAfter: string | null; body: any };

/**
 * Telegram's layer-1 login with codes delivered through the code-sender webhook to an SMS gateway
 * the test plays (docs/api.md, docs/invariants.md), in both modes; with two gateway replicas in the distributed one,
 * for revocation and the shared rate limits. Test numbers are off here: every code goes out.
 */
describe.each<[StackMode, number]>([
  ['distributed', 2],
  ['embedded', 1],
])('login (%s)', (mode, replicas) => {
  let stack: Stack;
  let receiver: CodeReceiver;
  let phones = 0;
  let addresses = 0;
  /** Plain numbers (never 99966…), unique per test file run. */
  const newPhone = () => `1555${mode === 'embedded' ? 1 : 2}${String(++phones).padStart(5, '0')}`;

  /** Calls through replica `replica` as client address `address` (X-Forwarded-For, one trusted proxy). */
  async function call(replica: number, address: string, method: string, params: unknown, token?: string): Promise<Answer> {
    const response = await fetch(`${stack.api(replica % replicas).baseUrl}/v1/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(params),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  }
  /** A client address of the test's own, so the per-address budget is the test's alone. */
  const newAddress = () => `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}`;

  async function sendCode(
    phone: string,
    replica = 0,
    address = newAddress(),
  ): Promise<{ hash: string; code: string; registered: boolean }> {
    const sent = await call(replica, address, 'auth.sendCode', sendCodeParams(phone));
    if (sent.status !== 200) throw new Error(`sendCode answered ${sent.status}: ${JSON.stringify(sent.body)}`);
    return { hash: sent.body.phone_code_hash, code: receiver.codeFor(phone), registered: sent.body.phone_registered };
  }

  async function signUp(name: string): Promise<TestUser> {
    const phone = newPhone();
    const { hash, code } = await sendCode(phone);
    const auth = await stack
      .api()
      .ok('auth.signUp', { phone_number: phone, phone_code_hash: hash, phone_code: code, first_name: name, last_name: 'Login' });
    return new TestUser(stack.api(), auth.user.id, phone, auth.token);
  }

  async function signIn(phone: string, replica = 0): Promise<string> {
    const { hash, code } = await sendCode(phone, replica);
    const answer = await call(replica, newAddress(), 'auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: code });
    if (answer.status !== 200) throw new Error(`signIn answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.token;
  }

  beforeAll(async () => {
    receiver = await CodeReceiver.start(WEBHOOK_SECRET);
    stack = await Stack.start({
      mode,
      gateways: replicas,
      env: {
        TEST_NUMBERS: 'false',
        CODE_SENDER: 'webhook',
        CODE_WEBHOOK_URL: receiver.url,
        CODE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        LOGIN_CODE_TTL_SECONDS: String(CODE_TTL_SECONDS),
        LOGIN_CODE_ATTEMPTS: String(ATTEMPTS),
        PHONE_LOOKUPS_PER_USER: String(LOOKUPS_PER_USER),
        LOGIN_CODES_PER_PHONE: String(CODES_PER_PHONE),
        PHONE_LOOKUPS_PER_ADDRESS: String(LOOKUPS_PER_ADDRESS),
        TRUSTED_PROXIES: '1',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('signs up and in with codes the SMS gateway received, signed; the session works and says when it expires', async () => {
    const phone = newPhone();
    const first = await sendCode(phone);
    expect(first.registered).toBe(false);
    expect(first.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.received.at(-1)).toMatchObject({ phone, lang_code: 'en', signed: true, code: expect.stringMatching(/^\d{5}$/) });
    const signedUp = await stack.api().ok('auth.signUp', {
      phone_number: phone,
      phone_code_hash: first.hash,
      phone_code: first.code,
      first_name: 'Lea',
      last_name: 'Login',
    });
    expect(signedUp).toMatchObject({ _: 'auth.authorization', user: { _: 'userSelf', phone, first_name: 'Lea' } });
    const now = Date.now() / 1000;
    expect(signedUp.expires).toBeGreaterThan(now + 179 * 86_400);
    expect(signedUp.expires).toBeLessThan(now + 181 * 86_400);
    expect(signedUp.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const again = await sendCode(phone, 1);
    expect(again.registered).toBe(true);
    const signedIn = await call(1, newAddress(), 'auth.signIn', {
      phone_number: phone,
      phone_code_hash: again.hash,
      phone_code: again.code,
    });
    expect(signedIn.body.user.id).toBe(signedUp.user.id);
    expect(signedIn.body.token).not.toBe(signedUp.token);
    for (const token of [signedUp.token, signedIn.body.token])
      expect((await stack.api().call('updates.getState', {}, { token })).status).toBe(200);
  });

  it('signIn on a phone without an account is PHONE_NUMBER_UNOCCUPIED and leaves the code for signUp; signUp on a taken phone is PHONE_NUMBER_OCCUPIED', async () => {
    const phone = newPhone();
    const { hash, code } = await sendCode(phone);
    const address = newAddress();
    expect(
      (await call(0, address, 'auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: code })).body.error_message,
    ).toBe('PHONE_NUMBER_UNOCCUPIED');
    expect(
      (await call(0, address, 'auth.signUp', { phone_number: phone, phone_code_hash: hash, phone_code: code, first_name: 'Uma' })).status,
    ).toBe(200);
    const next = await sendCode(phone);
    const taken = await call(0, address, 'auth.signUp', {
      phone_number: phone,
      phone_code_hash: next.hash,
      phone_code: next.code,
      first_name: 'Twice',
    });
    expect([taken.status, taken.body]).toEqual([400, { _: 'rpc_error', error_code: 400, error_message: 'PHONE_NUMBER_OCCUPIED' }]);
    // The refused signUp did not use the code up: it still signs in.
    expect((await call(0, address, 'auth.signIn', { phone_number: phone, phone_code_hash: next.hash, phone_code: next.code })).status).toBe(
      200,
    );
  });

  it('a wrong, empty, reused, expired or over-tried code each gets its named error', async () => {
    const user = await signUp('Cod');
    const address = newAddress();
    const attempt = (hash: string, code: string, replica = 0) =>
      call(replica, address, 'auth.signIn', { phone_number: user.phone, phone_code_hash: hash, phone_code: code });
    const wrongOf = (code: string) => (code === '00000' ? '11111' : '00000');

    const once = await sendCode(user.phone);
    expect((await attempt(once.hash, wrongOf(once.code))).body.error_message).toBe('PHONE_CODE_INVALID');
    expect((await attempt(once.hash, '')).body.error_message).toBe('PHONE_CODE_EMPTY');
    expect((await attempt('', once.code)).body.error_message).toBe('PHONE_CODE_HASH_EMPTY');
    expect((await attempt(once.hash, once.code)).status).toBe(200);
    expect((await attempt(once.hash, once.code)).body.error_message).toBe('PHONE_CODE_EXPIRED'); // used already

    // Too many attempts, counted across replicas: then even the right code is refused until the code expires.
    const tried = await sendCode(user.phone);
    for (let i = 0; i < ATTEMPTS; i++)
      expect((await attempt(tried.hash, wrongOf(tried.code), i)).body.error_message).toBe('PHONE_CODE_INVALID');
    const flooded = await attempt(tried.hash, tried.code, 1);
    expect([flooded.status, flooded.body.error_message]).toEqual([420, expect.stringMatching(/^FLOOD_WAIT_[1-4]$/)]);

    // A hash issued for another phone is no code for this one.
    const otherPhone = newPhone();
    const other = await sendCode(otherPhone);
    expect((await attempt(other.hash, other.code)).body.error_message).toBe('PHONE_CODE_EXPIRED');

    const late = await sendCode(user.phone);
    const expiresAt = receiver.received.at(-1)!.expires_at;
    await eventually(
      'the code to expire',
      async () => (Date.now() / 1000 > expiresAt + 0.5 ? true : undefined),
      (CODE_TTL_SECONDS + 5) * 1000,
      100,
    );
    expect((await attempt(late.hash, late.code)).body.error_message).toBe('PHONE_CODE_EXPIRED');
  });

  it('an SMS gateway that fails makes sendCode answer 503 SMS_CODE_CREATE_FAILED, and that hash signs nobody in', async () => {
    const phone = newPhone();
    receiver.script.push(500, 500, 500);
    const failed = await call(0, newAddress(), 'auth.sendCode', sendCodeParams(phone));
    expect([failed.status, failed.body.error_message]).toEqual([503, 'SMS_CODE_CREATE_FAILED']);
    expect(receiver.received.filter((r) => r.phone === phone)).toHaveLength(3);
    const code = receiver.codeFor(phone);
    // The client never got a hash, and the code that was made is gone: a guessed hash finds nothing.
    expect(
      (
        await call(0, newAddress(), 'auth.signUp', {
          phone_number: phone,
          phone_code_hash: '0'.repeat(32),
          phone_code: code,
          first_name: 'N',
        })
      ).body.error_message,
    ).toBe('PHONE_CODE_EXPIRED');
  });

  it('a forged access_hash, or one made with the development secret, gets 400', async () => {
    const [ann, bob] = [await signUp('Ann'), await signUp('Bob')];
    for (const access_hash of [accessHash(DEVELOPMENT_ACCESS_HASH_SECRET, ann.id, bob.id), '1234567890123', '-1']) {
      const peer = { _: 'inputPeerForeign', user_id: bob.id, access_hash };
      const user = { _: 'inputUserForeign', user_id: bob.id, access_hash };
      expect((await ann.call('messages.sendMessage', { peer, message: 'hi', random_id: '1' })).body.error_message).toBe('PEER_ID_INVALID');
      expect((await ann.call('messages.getHistory', { peer, offset: 0, max_id: 0, limit: 5 })).body.error_message).toBe('PEER_ID_INVALID');
      expect((await ann.call('users.getUsers', { id: [user] })).body.error_message).toBe('USER_ID_INVALID');
      expect((await ann.call('users.getFullUser', { id: user })).body.error_message).toBe('USER_ID_INVALID');
      expect((await ann.call('messages.createChat', { users: [user], title: 'x' })).body.error_message).toBe('USER_ID_INVALID');
    }
  });

  /** Milliseconds from `since` until every replica refuses `token` (each polled). */
  async function refusedEverywhere(token: string, since: number): Promise<number> {
    await Promise.all(
      Array.from({ length: replicas }, (_, i) =>
        eventually(
          `replica ${i} to refuse the token`,
          async () => ((await stack.api(i).call('updates.getState', {}, { token })).status === 401 ? true : undefined),
          5_000,
          20,
        ),
      ),
    );
    return Date.now() - since;
  }

  it('logOut and resetAuthorizations revoke the sessions on every replica within a second', async () => {
    const owner = await signUp('Rev');
    const [second, third] = [await signIn(owner.phone, 0), await signIn(owner.phone, 1)];
    // Every replica has every session cached.
    for (let i = 0; i < replicas; i++)
      for (const token of [owner.token, second, third])
        expect((await stack.api(i).call('updates.getState', {}, { token })).status).toBe(200);

    const loggedOut = Date.now();
    expect(await stack.api(0).ok('auth.logOut', {}, { token: second })).toBe(true);
    expect(await refusedEverywhere(second, loggedOut)).toBeLessThanOrEqual(REVOCATION_MS);

    const reset = Date.now();
    expect(await stack.api(replicas - 1).ok('auth.resetAuthorizations', {}, { token: owner.token })).toBe(true);
    expect(await refusedEverywhere(third, reset)).toBeLessThanOrEqual(REVOCATION_MS);
    for (let i = 0; i < replicas; i++) expect((await stack.api(i).call('updates.getState', {}, { token: owner.token })).status).toBe(200);
  });

  it('phone lookups of a user get 420 FLOOD_WAIT past the limit, counted by the replicas together', async () => {
    const user = await signUp('Look');
    const address = newAddress();
    const imports = (count: number) => ({
      contacts: Array.from({ length: count }, (_, i) => ({
        _: 'inputPhoneContact',
        client_id: String(i),
        phone: newPhone(),
        first_name: 'x',
        last_name: '',
      })),
      replace: false,
    });
    const card = (random_id: string) => ({
      peer: { _: 'inputPeerSelf' },
      media: { _: 'inputMediaContact', phone_number: newPhone(), first_name: 'c', last_name: '' },
      random_id,
    });
    // Six lookups: three phones through one replica, two through the other, and a contact card.
    expect((await call(0, address, 'contacts.importContacts', imports(3), user.token)).status).toBe(200);
    expect((await call(1, address, 'contacts.importContacts', imports(2), user.token)).status).toBe(200);
    expect((await call(0, address, 'messages.sendMedia', card('77'), user.token)).status).toBe(200);
    const refused = await call(1, newAddress(), 'contacts.importContacts', imports(1), user.token);
    expect([refused.status, refused.body.error_message]).toEqual([420, expect.stringMatching(/^FLOOD_WAIT_\d+$/)]);
    expect(refused.retryAfter).toBe(refused.body.error_message.slice('FLOOD_WAIT_'.length));
    expect((await call(0, newAddress(), 'messages.sendMedia', card('78'), user.token)).status).toBe(420);
  });

  it('sendCode gets FLOOD_WAIT past the codes per phone, checkPhone past the lookups per address, on all replicas together', async () => {
    const phone = newPhone();
    for (let i = 0; i < CODES_PER_PHONE; i++) await sendCode(phone, i);
    const flooded = await call(1, newAddress(), 'auth.sendCode', sendCodeParams(phone));
    expect([flooded.status, flooded.body.error_message]).toEqual([420, expect.stringMatching(/^FLOOD_WAIT_\d+$/)]);

    const address = newAddress();
    for (let i = 0; i < LOOKUPS_PER_ADDRESS; i++)
      expect((await call(i, address, 'auth.checkPhone', { phone_number: newPhone() })).status).toBe(200);
    expect((await call(0, address, 'auth.checkPhone', { phone_number: newPhone() })).status).toBe(420);
    expect((await call(1, address, 'auth.checkPhone', { phone_number: newPhone() })).status).toBe(420);
    expect((await call(0, newAddress(), 'auth.checkPhone', { phone_number: newPhone() })).body).toEqual({
      _: 'auth.checkedPhone',
      phone_registered: false,
      phone_invited: false,
    });
  });
});
