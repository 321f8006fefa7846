import { ApiClient, TestUser, testNumberCode } from '../support/api-client';
import { eventually } from '../support/deadline';
import { foreignPeer, meetInChat, nextPhone, nextRandomId, send, signUpMany } from '../support/scenario';
import { Stack } from '../support/stack';

describe('API behaviour through two gateway replicas', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ gateways: 2 });
  });
  afterAll(() => stack?.stop());

  const feedOf = (user: TestUser) => stack.query(`SELECT pts, kind, body FROM feed WHERE user_id = $1 ORDER BY pts`, [user.id]);

  it('a repeated random_id returns the first result and creates nothing new', async () => {
    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await a.importContact(b);
    const params = { peer: { _: 'inputPeerContact', user_id: b.id }, message: 'once', random_id: '-9223372036854775808' };
    const first = await a.ok('messages.sendMessage', params);
    const again = await new TestUser(stack.api(1), a.id, a.phone, a.token).ok('messages.sendMessage', params);
    expect(first._).toBe('messages.sentMessageLink');
    expect(again).toEqual(first);
    expect(await stack.query(`SELECT count(*)::int AS n FROM messages WHERE user_id = $1`, [b.id])).toEqual([{ n: 1 }]);
    const reused = await a.call('messages.sendMessage', { ...params, message: 'different' });
    expect(reused).toEqual({ status: 400, body: { _: 'rpc_error', error_code: 400, error_message: 'RANDOM_ID_DUPLICATE' } });
  });

  it('concurrent sends from both sides through both replicas stay consistent', async () => {
    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await a.importContact(b);
    const viaSecond = (u: TestUser) => new TestUser(stack.api(1), u.id, u.phone, u.token);
    const sends = Array.from({ length: 20 }, (_, i) => {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      const sender = i % 4 < 2 ? from : viaSecond(from);
      const peer = from === a ? { _: 'inputPeerContact', user_id: b.id } : null;
      return peer ? send(sender, peer, `m${i}`) : sendAfterReveal(sender, to);
    });
    const results = await Promise.all(sends);
    // Exactly one call revealed A's phone, and it was the only one that reported a link change.
    expect(results.filter((r) => r._ === 'messages.sentMessageLink')).toHaveLength(1);
    for (const user of [a, b]) {
      const feed = await feedOf(user);
      expect(feed.map((e) => e.pts)).toEqual(feed.map((_, i) => i + 1));
      expect(feed.filter((e) => e.kind === 'message')).toHaveLength(20);
    }
    expect((await feedOf(b)).filter((e) => e.kind === 'link')).toHaveLength(
      results.filter((r) => r._ === 'messages.sentMessageLink' && r.links[0].user.id === b.id).length,
    );
  });

  /** B may only address A once B has been shown A; before the reveal it uses the chat route. */
  async function sendAfterReveal(sender: TestUser, to: TestUser) {
    const shown = await eventually('recipient visible to sender', async () => {
      const [user] = (await sender.ok('updates.getDifference', { pts: 0 })).users.filter((u: any) => u.id === to.id);
      return user?.access_hash ? user : undefined;
    });
    return send(sender, { _: 'inputPeerForeign', user_id: to.id, access_hash: shown.access_hash });
  }

  it('the live stream shows updateContactLink, then the message that caused it', async () => {
    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await a.importContact(b);
    const controller = new AbortController();
    const response = await fetch(`${stack.service('message-gateway', 1).url}/v1/updates?pts=0`, {
      headers: { authorization: `Bearer ${b.token}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    await send(a, { _: 'inputPeerContact', user_id: b.id });
    let text = '';
    const events = await eventually('two stream events', async () => {
      const { value } = await reader.read();
      text += Buffer.from(value ?? []).toString();
      const data = text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => JSON.parse(l.slice(6)));
      return data.length >= 2 ? data : undefined;
    });
    controller.abort();
    expect(events.map((e) => [e.pts, e.update._])).toEqual([
      [1, 'updateContactLink'],
      [2, 'updateNewMessage'],
    ]);
    expect(events[0].users).toEqual([expect.objectContaining({ _: 'userRequest', id: a.id, phone: a.phone })]);
  });

  it('a message to a user who blocked the sender is not delivered and reveals nothing; after unblock it does', async () => {
    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await a.importContact(b);
    const seen = await meetInChat(a, [b]);
    await b.ok('contacts.block', { id: { ...foreignPeer(seen, b, a), _: 'inputUserForeign' } });
    const full = await b.ok('users.getFullUser', { id: { ...foreignPeer(seen, b, a), _: 'inputUserForeign' } });
    expect(full.blocked).toBe(true);
    const bFeed = (await feedOf(b)).length;

    const blocked = await send(a, { _: 'inputPeerContact', user_id: b.id });
    expect(blocked._).toBe('messages.sentMessage');
    expect(await feedOf(b)).toHaveLength(bFeed);

    await b.ok('contacts.unblock', { id: { ...foreignPeer(seen, b, a), _: 'inputUserForeign' } });
    expect((await send(a, { _: 'inputPeerContact', user_id: b.id }))._).toBe('messages.sentMessageLink');
  });

  it('chat messages change no link; members see each other as userForeign with an access_hash', async () => {
    const [host, a, b] = await signUpMany(stack.api(), ['Host', 'Ann', 'Bob']);
    await a.importContact(b);
    const seen = await meetInChat(host, [a, b]);
    const chatId = (await a.ok('updates.getDifference', { pts: 0 })).new_messages[0].to_id.chat_id;
    expect(seen.get(b.id)!.find((u) => u.id === a.id)).toMatchObject({ _: 'userForeign', access_hash: expect.any(String) });
    const bFeed = (await feedOf(b)).length;

    const result = await send(a, { _: 'inputPeerChat', chat_id: chatId });
    expect(result._).toBe('messages.sentMessage');
    const added = (await feedOf(b)).slice(bFeed);
    expect(added.map((e) => e.kind)).toEqual(['message']);
    const [aForB] = await b.ok('users.getUsers', { id: [{ ...foreignPeer(seen, b, a), _: 'inputUserForeign' }] });
    expect(aForB._).toBe('userForeign');
    const history = await b.ok('messages.getHistory', { peer: { _: 'inputPeerChat', chat_id: chatId }, offset: 0, max_id: 0, limit: 10 });
    expect(history.chats).toEqual([expect.objectContaining({ _: 'chat', id: chatId, participants_count: 3 })]);
    expect(JSON.stringify(history)).not.toContain(a.phone);
  });

  it('forwardMessages copies messages into another conversation and can carry links too', async () => {
    const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await a.importContact(b);
    const own = await a.ok('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'note to self', random_id: nextRandomId() });
    const forwarded = await a.ok('messages.forwardMessages', {
      peer: { _: 'inputPeerContact', user_id: b.id },
      id: [own.id],
      random_id: nextRandomId(),
    });
    expect(forwarded._).toBe('messages.statedMessagesLinks');
    expect(forwarded.messages).toEqual([expect.objectContaining({ _: 'messageForwarded', fwd_from_id: a.id, message: 'note to self' })]);
    expect(forwarded.links).toHaveLength(1);
  });

  describe('bad input gets a named 4xx and writes nothing', () => {
    let api: ApiClient;
    let user: TestUser;
    beforeAll(async () => {
      api = stack.api();
      [user] = await signUpMany(api, ['Eve']);
    });

    it.each([
      ['unknown method', 'nope.nope', {}, {}, 400, 'METHOD_INVALID'],
      // The HTTP router refuses these before any route: answered in the API's shape, the path not echoed.
      ['method name not valid percent-encoding', 'messages.send%E0%A4%A', {}, {}, 400, 'METHOD_INVALID'],
      ['method name longer than any', `messages.${'send'.repeat(100)}`, {}, {}, 400, 'METHOD_INVALID'],
      ['no token', 'contacts.getContacts', {}, { noToken: true }, 401, 'AUTH_KEY_UNREGISTERED'],
      ['empty message', 'messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: '  ', random_id: '5' }, {}, 400, 'MESSAGE_EMPTY'],
      [
        'over-long message',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'x'.repeat(5000), random_id: '5' },
        {},
        400,
        'MESSAGE_TOO_LONG',
      ],
      [
        'wrong constructor',
        'messages.sendMessage',
        { peer: { _: 'inputPeerNope' }, message: 'x', random_id: '5' },
        {},
        400,
        'PEER_ID_INVALID',
      ],
      [
        'bogus access_hash',
        'messages.sendMessage',
        { peer: { _: 'inputPeerForeign', user_id: 1, access_hash: '1' }, message: 'x', random_id: '5' },
        {},
        400,
        'PEER_ID_INVALID',
      ],
      [
        'random_id not a long',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'x', random_id: '99999999999999999999' },
        {},
        400,
        'RANDOM_ID_INVALID',
      ],
      ['bad phone', 'auth.signUp', { phone_number: 'abc', first_name: 'X' }, { noToken: true }, 400, 'PHONE_NUMBER_INVALID'],
      ['a contact that is not one', 'users.getUsers', { id: [{ _: 'inputUserContact', user_id: 1 }] }, {}, 400, 'USER_ID_INVALID'],
      // Each of these answered 500 or was accepted before the input layer (issue 15).
      [
        'random_id not numeric',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'x', random_id: 'x' },
        {},
        400,
        'RANDOM_ID_INVALID',
      ],
      [
        'random_id in exponent form',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'x', random_id: '1e3' },
        {},
        400,
        'RANDOM_ID_INVALID',
      ],
      [
        'random_id in full-width digits',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'x', random_id: '１２３' },
        {},
        400,
        'RANDOM_ID_INVALID',
      ],
      [
        'access_hash of letters',
        'messages.sendMessage',
        { peer: { _: 'inputPeerForeign', user_id: 1, access_hash: 'a'.repeat(5000) }, message: 'x', random_id: '5' },
        {},
        400,
        'PEER_ID_INVALID',
      ],
      [
        'client_id not numeric',
        'contacts.importContacts',
        { contacts: [{ _: 'inputPhoneContact', client_id: 'x', phone: '123456', first_name: 'a', last_name: '' }] },
        {},
        400,
        'CLIENT_ID_INVALID',
      ],
      [
        'NUL in a message',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'a\u0000b', random_id: '5' },
        {},
        400,
        'MESSAGE_INVALID',
      ],
      [
        'a lone surrogate in a message',
        'messages.sendMessage',
        { peer: { _: 'inputPeerSelf' }, message: 'a\ud800', random_id: '5' },
        {},
        400,
        'MESSAGE_INVALID',
      ],
      ['NUL in a chat title', 'messages.createChat', { users: [{ _: 'inputUserSelf' }], title: 'a\u0000' }, {}, 400, 'CHAT_TITLE_INVALID'],
      [
        'a 256-character chat title',
        'messages.createChat',
        { users: [{ _: 'inputUserSelf' }], title: 't'.repeat(256) },
        {},
        400,
        'CHAT_TITLE_TOO_LONG',
      ],
      [
        'a lone surrogate in a contact card',
        'messages.sendMedia',
        {
          peer: { _: 'inputPeerSelf' },
          media: { _: 'inputMediaContact', phone_number: '123456', first_name: '\udc00', last_name: '' },
          random_id: '5',
        },
        {},
        400,
        'FIRSTNAME_INVALID',
      ],
      [
        'a sign-up name of only U+200B',
        'auth.signUp',
        { phone_number: '9996612345', phone_code_hash: 'ab', phone_code: '11111', first_name: '\u200b' },
        { noToken: true },
        400,
        'FIRSTNAME_INVALID',
      ],
      [
        'a lone surrogate in a sign-up name',
        'auth.signUp',
        { phone_number: '9996612345', phone_code_hash: 'ab', phone_code: '11111', first_name: 'Ann\ud800' },
        { noToken: true },
        400,
        'FIRSTNAME_INVALID',
      ],
      [
        'one message forwarded a hundred times',
        'messages.forwardMessages',
        { peer: { _: 'inputPeerSelf' }, id: Array.from({ length: 100 }, () => 1) },
        {},
        400,
        'MESSAGE_ID_DUPLICATE',
      ],
      ['the same user twice', 'users.getUsers', { id: [{ _: 'inputUserSelf' }, { _: 'inputUserSelf' }] }, {}, 400, 'USER_ID_DUPLICATE'],
    ])('%s', async (_name, method, params, options, status, error) => {
      const response = await api.call(method, params, { token: (options as { noToken?: boolean }).noToken ? undefined : user.token });
      expect(response).toEqual({ status, body: { _: 'rpc_error', error_code: status, error_message: error } });
    });

    it('malformed JSON, oversize bodies and a bad layer header', async () => {
      expect((await api.call('contacts.getContacts', null, { token: user.token, raw: '{"a":' })).body.error_message).toBe('JSON_INVALID');
      expect(
        (await api.call('contacts.getContacts', null, { token: user.token, raw: JSON.stringify({ x: 'y'.repeat(1_100_000) }) })).body
          .error_message,
      ).toBe('REQUEST_TOO_LARGE');
      const response = await fetch(`${api.baseUrl}/v1/updates.getState`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'x-tl-layer': 'three' },
        body: '{}',
      });
      expect(response.status).toBe(400);
    });

    it('an import of 1,000 contacts fits in one request', async () => {
      const contacts = Array.from({ length: 1000 }, (_, i) => ({
        _: 'inputPhoneContact',
        client_id: String(i),
        phone: `1555${String(i).padStart(6, '0')}`,
        first_name: 'Контакт номер '.repeat(10),
        last_name: 'Фамилия',
      }));
      const imported = await user.ok('contacts.importContacts', { contacts, replace: false });
      expect(imported._).toBe('contacts.importedContacts');
    });

    it('a taken phone is PHONE_NUMBER_OCCUPIED and leaves no second user', async () => {
      const phone = nextPhone();
      await TestUser.signUp(api, phone, 'First');
      const { phone_code_hash } = await api.ok('auth.sendCode', {
        phone_number: phone,
        sms_type: 0,
        api_id: 1,
        api_hash: 'h',
        lang_code: 'en',
      });
      const second = await api.call('auth.signUp', {
        phone_number: phone,
        phone_code_hash,
        phone_code: testNumberCode(phone),
        first_name: 'Second',
      });
      expect(second.body.error_message).toBe('PHONE_NUMBER_OCCUPIED');
      expect(await stack.query(`SELECT count(*)::int AS n FROM users WHERE phone = $1`, [phone])).toEqual([{ n: 1 }]);
    });
  });
});
