/**
 * Binary TL requests (`Content-Type: application/x-tl`, docs/api.md): every method called with
 * bytes GramJS wrote from the published function lines, answers read back byte for byte by
 * GramJS; the layer an invokeWithLayer3 wrapper states holds for the session; malformed bytes are
 * named 400s.
 */
import fc from 'fast-check';
import { TL_METHODS } from '@app/tl';
import { damagedOrRandom, objectOf } from '../../libs/tl/test/arbitraries';
import { TestUser, testNumberCode } from '../support/api-client';
import { nextPhone, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';
import { BINARY_TL, TlAnswer, Wrapping, callTl, encodeCall, postTl } from '../support/tl-client';

const METHODS = TL_METHODS.map((fn) => fn.predicate);
const rpcError = (status: number, name: string) => ({ status, value: { _: 'rpc_error', error_code: status, error_message: name } });

describe('binary TL requests, written by GramJS', () => {
  let stack: Stack;
  const called = new Set<string>();
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(() => stack?.stop());

  const url = () => stack.api().baseUrl;
  /** A binary call that must answer 200; remembers the method for the coverage check. */
  async function ok<T = any>(token: string | undefined, call: Record<string, unknown>, wrapping: Wrapping = {}): Promise<TlAnswer<T>> {
    const answer = await callTl<T>(url(), token, call, wrapping);
    if (answer.status !== 200) throw new Error(`${String(call._)} answered ${answer.status}: ${JSON.stringify(answer.value)}`);
    called.add(String(call._));
    return answer;
  }

  /** Telegram's login, each call wrapped as a client of the time sent it; answers the session's token. */
  async function signUpInBinary(firstName: string): Promise<{ phone: string; id: number; token: string }> {
    const phone = nextPhone();
    const wrapping: Wrapping = { layer: 3, init: true };
    const code = await ok(
      undefined,
      { _: 'auth.sendCode', phone_number: phone, sms_type: 0, api_id: 1, api_hash: 'h', lang_code: 'en' },
      wrapping,
    );
    expect(code).toMatchObject({ layer: 3, value: { _: 'auth.sentCode', phone_registered: false } });
    const auth = await ok(
      undefined,
      {
        _: 'auth.signUp',
        phone_number: phone,
        phone_code_hash: code.value.phone_code_hash,
        phone_code: testNumberCode(phone),
        first_name: firstName,
        last_name: 'Tl',
      },
      wrapping,
    );
    expect(auth.value).toMatchObject({ _: 'auth.authorization', user: { _: 'userSelf', phone, first_name: firstName } });
    expect(auth.token).toMatch(/^[\w-]{43}$/);
    return { phone, id: auth.value.user.id, token: auth.token! };
  }

  it('login wrapped in invokeWithLayer3(initConnection(...)) keeps layer 3: a bare send that changes a link answers messages.sentMessageLink', async () => {
    const ann = await signUpInBinary('Ann');
    const [bob] = await signUpMany(stack.api(), ['Bob']);
    const imported = await ok(ann.token, {
      _: 'contacts.importContacts',
      contacts: [{ _: 'inputPhoneContact', client_id: '7', phone: bob.phone, first_name: 'B', last_name: '' }],
      replace: false,
    });
    expect(imported.value.imported).toEqual([{ _: 'importedContact', user_id: bob.id, client_id: '7' }]);
    const sent = await ok(ann.token, {
      _: 'messages.sendMessage',
      peer: { _: 'inputPeerContact', user_id: bob.id },
      message: 'hello',
      random_id: '-9223372036854775808',
    });
    expect(sent).toMatchObject({
      layer: 3,
      value: { _: 'messages.sentMessageLink', links: [{ _: 'contacts.link', user: { id: bob.id } }] },
    });
    const difference = await bob.ok('updates.getDifference', { pts: 0 });
    expect(difference.new_messages).toMatchObject([{ message: 'hello', from_id: ann.id }]);
  });

  it('every method answers a binary call as it answers the same call in JSON', async () => {
    const ann = await signUpInBinary('Cat');
    const [bob, cid] = await signUpMany(stack.api(), ['Bob', 'Cid']);
    const annJson = new TestUser(stack.api(), ann.id, ann.phone, ann.token, 3);
    const same = async (call: Record<string, unknown>) => {
      const { _: method, ...params } = call;
      const binary = await ok(ann.token, call);
      expect(binary.value).toEqual(await annJson.ok(String(method), params));
      return binary.value;
    };
    await ok(ann.token, {
      _: 'contacts.importContacts',
      contacts: [bob, cid].map((u, i) => ({ _: 'inputPhoneContact', client_id: String(i), phone: u.phone, first_name: '', last_name: '' })),
      replace: false,
    });
    const bobUser = { _: 'inputUserContact', user_id: bob.id };
    const bobPeer = { _: 'inputPeerContact', user_id: bob.id };

    expect(await same({ _: 'auth.checkPhone', phone_number: bob.phone })).toEqual({
      _: 'auth.checkedPhone',
      phone_registered: true,
      phone_invited: false,
    });
    expect((await same({ _: 'contacts.getContacts', hash: '' })).contacts).toHaveLength(2);
    expect(await same({ _: 'users.getUsers', id: [bobUser, { _: 'inputUserSelf' }] })).toHaveLength(2);
    expect((await same({ _: 'users.getFullUser', id: bobUser })).user.id).toBe(bob.id);

    const media = await ok(ann.token, {
      _: 'messages.sendMedia',
      peer: bobPeer,
      media: { _: 'inputMediaContact', phone_number: cid.phone, first_name: 'Cid', last_name: '' },
      random_id: '11',
    });
    expect(media.value._).toMatch(/^messages\.statedMessage/);
    const forwarded = await ok(ann.token, { _: 'messages.forwardMessages', peer: bobPeer, id: [media.value.message.id] });
    expect(forwarded.value._).toMatch(/^messages\.statedMessages/);
    // Bob saw Ann's phone since the card: the single forward changes no link; the broadcast reveals her to Cid only.
    const single = await ok(ann.token, { _: 'messages.forwardMessage', peer: bobPeer, id: media.value.message.id, random_id: '12' });
    expect(single.value).toMatchObject({ _: 'messages.statedMessage', message: { _: 'messageForwarded', fwd_from_id: ann.id } });
    const broadcast = await ok(
      ann.token,
      {
        _: 'messages.sendBroadcast',
        contacts: [bobUser, { _: 'inputUserContact', user_id: cid.id }],
        message: 'to both',
        media: { _: 'inputMediaEmpty' },
      },
      { layer: 3 },
    );
    expect(broadcast.value).toMatchObject({
      _: 'messages.statedMessagesLinks',
      messages: [{ message: 'to both' }, { message: 'to both' }],
    });
    expect(broadcast.value.links.map((link: any) => link.user.id)).toEqual([cid.id]);
    const chat = await ok(ann.token, {
      _: 'messages.createChat',
      users: [bobUser, { _: 'inputUserContact', user_id: cid.id }],
      title: 'tl',
    });
    expect(chat.value.message).toMatchObject({ _: 'messageService', action: { _: 'messageActionChatCreate', title: 'tl' } });

    expect((await same({ _: 'messages.getHistory', peer: bobPeer, offset: 0, max_id: 0, limit: 10 })).messages).toHaveLength(4);
    const state = await same({ _: 'updates.getState' });
    expect(state._).toBe('updates.state');
    expect((await same({ _: 'updates.getDifference', pts: 0, date: 0, qts: 0 }))._).toBe('updates.difference');

    expect((await ok(ann.token, { _: 'contacts.block', id: bobUser })).value).toBe(true);
    expect((await same({ _: 'contacts.getBlocked', offset: 0, limit: 10 })).blocked).toMatchObject([
      { _: 'contactBlocked', user_id: bob.id },
    ]);
    expect((await ok(ann.token, { _: 'contacts.unblock', id: bobUser })).value).toBe(true);
    expect(Array.isArray(await same({ _: 'contacts.getStatuses' }))).toBe(true);
    expect((await ok(ann.token, { _: 'contacts.deleteContact', id: bobUser })).value).toMatchObject({
      _: 'contacts.link',
      my_link: { _: 'contacts.myLinkRequested' },
    });
    expect((await ok(ann.token, { _: 'contacts.deleteContacts', id: [{ _: 'inputUserContact', user_id: cid.id }] })).value).toBe(true);

    // A second session by signIn, then the session calls.
    const code = await ok(undefined, {
      _: 'auth.sendCode',
      phone_number: ann.phone,
      sms_type: 0,
      api_id: 1,
      api_hash: 'h',
      lang_code: 'en',
    });
    const second = await ok(undefined, {
      _: 'auth.signIn',
      phone_number: ann.phone,
      phone_code_hash: code.value.phone_code_hash,
      phone_code: testNumberCode(ann.phone),
    });
    expect(second).toMatchObject({ layer: 1, value: { _: 'auth.authorization', user: { id: ann.id } } });
    expect((await ok(second.token!, { _: 'auth.resetAuthorizations' })).value).toBe(true);
    expect(await callTl(url(), ann.token, { _: 'updates.getState' })).toMatchObject(rpcError(401, 'AUTH_KEY_UNREGISTERED'));
    expect((await ok(second.token!, { _: 'auth.logOut' })).value).toBe(true);
    expect(await callTl(url(), second.token!, { _: 'updates.getState' })).toMatchObject(rpcError(401, 'AUTH_KEY_UNREGISTERED'));

    expect([...called].sort()).toEqual([...METHODS].sort());
  });

  describe('malformed and contradictory requests', () => {
    let token: string;
    let bobId: number;
    beforeAll(async () => {
      const [user, bob] = await signUpMany(stack.api(), ['Dee', 'Eve']);
      token = user.token;
      bobId = bob.id;
    });
    const auth = () => ({ authorization: `Bearer ${token}` });
    const sendMessage = () => ({
      _: 'messages.sendMessage',
      peer: { _: 'inputPeerContact', user_id: bobId },
      message: 'x',
      random_id: '5',
    });

    it('every truncation of a wrapped call is TL_INVALID, and so are trailing bytes, unknown ids and an empty body', async () => {
      const whole = encodeCall(sendMessage(), { layer: 3, init: true });
      for (let length = 0; length < whole.length; length += 3) {
        expect(await postTl(url(), 'messages.sendMessage', whole.subarray(0, length), auth())).toMatchObject(rpcError(400, 'TL_INVALID'));
      }
      const trailing = Buffer.concat([encodeCall(sendMessage()), Buffer.alloc(4)]);
      expect(await postTl(url(), 'messages.sendMessage', trailing, auth())).toMatchObject(rpcError(400, 'TL_INVALID'));
      expect(await postTl(url(), 'messages.sendMessage', Buffer.from('deadbeef', 'hex'), auth())).toMatchObject(
        rpcError(400, 'TL_INVALID'),
      );
      const hugeVector = Buffer.from('48a5910d' + '15c4b51c' + 'ffffff7f', 'hex'); // users.getUsers, Vector, 2^31-1 elements
      expect(await postTl(url(), 'users.getUsers', hugeVector, auth())).toMatchObject(rpcError(400, 'TL_INVALID'));
    });

    it('the URL names the method: a body calling another is TL_METHOD_MISMATCH, an unknown URL METHOD_INVALID', async () => {
      expect(await postTl(url(), 'updates.getState', encodeCall(sendMessage()), auth())).toMatchObject(rpcError(400, 'TL_METHOD_MISMATCH'));
      expect(await postTl(url(), 'messages.nothing', encodeCall(sendMessage()), auth())).toMatchObject(rpcError(400, 'METHOD_INVALID'));
    });

    it('a header layer that contradicts the wrapper is LAYER_INVALID; one that agrees is fine', async () => {
      const wrapped = encodeCall({ _: 'updates.getState' }, { layer: 3 });
      expect(await postTl(url(), 'updates.getState', wrapped, { ...auth(), 'x-tl-layer': '1' })).toMatchObject(
        rpcError(400, 'LAYER_INVALID'),
      );
      expect(await postTl(url(), 'updates.getState', wrapped, { ...auth(), 'x-tl-layer': '3' })).toMatchObject({ status: 200, layer: 3 });
    });

    it('decoded parameters meet the same checks as JSON ones', async () => {
      expect(await callTl(url(), token, { ...sendMessage(), message: ' ' })).toMatchObject(rpcError(400, 'MESSAGE_EMPTY'));
      expect(await callTl(url(), token, { ...sendMessage(), peer: { _: 'inputPeerEmpty' } })).toMatchObject(
        rpcError(400, 'PEER_ID_INVALID'),
      );
      expect(await callTl(url(), undefined, { _: 'updates.getState' })).toMatchObject(rpcError(401, 'AUTH_KEY_UNREGISTERED'));
    });

    it('damaged calls of every method are answered as TL, never with a 500', async () => {
      const damaged = fc.sample(
        fc.oneof(...TL_METHODS.map((fn) => damagedOrRandom(objectOf(fn), (call) => encodeCall(call)).map((bytes) => ({ fn, bytes })))),
        { numRuns: 300, seed: 20261202 },
      );
      for (const { fn, bytes } of damaged) {
        const answer = await postTl(url(), fn.predicate, bytes, auth());
        expect(answer.status).toBeLessThan(500);
        if (answer.status !== 200) expect(answer.value._).toBe('rpc_error');
      }
    });

    it('an oversize body is REQUEST_TOO_LARGE, and an error answers JSON to a client that asks for JSON', async () => {
      const response = await fetch(`${url()}/v1/messages.sendMessage`, {
        method: 'POST',
        headers: { 'content-type': BINARY_TL, ...auth() },
        body: Buffer.alloc(1_100_000),
      });
      expect([response.status, await response.json()]).toEqual([
        400,
        { _: 'rpc_error', error_code: 400, error_message: 'REQUEST_TOO_LARGE' },
      ]);
    });
  });
});
