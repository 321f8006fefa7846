import { TestUser } from '../support/api-client';
import { foreignPeer, meetInChat, send, signUpMany } from '../support/scenario';
import { readFeed } from '../support/feed-reader';
import { Stack, StackMode } from '../support/stack';

/**
 * The seed's three scenarios through HTTP, both directions, layer 3 and layer 1 senders (docs/link-rules.md, docs/views-by-layer.md),
 * in both modes: three services on Kafka and Postgres (one process each, and two replicas of each on
 * six partitions, as a scaled deployment runs), and the embedded single process.
 */
const layouts: { label: string; mode: StackMode; replicas?: number }[] = [
  { label: 'distributed', mode: 'distributed' },
  { label: 'distributed, two replicas of every service', mode: 'distributed', replicas: 2 },
  { label: 'embedded', mode: 'embedded' },
];
describe.each(layouts)('seed scenarios end to end ($label)', ({ mode, replicas }) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode, replicas });
  });
  afterAll(() => stack?.stop());

  const feed = (user: TestUser) => readFeed(user);

  function hasPhone(user: any): boolean {
    return 'phone' in user;
  }

  describe.each([3, 1])('sender on layer %i', (layer) => {
    it('(a) A has B, B lacks A, A writes: A’s phone becomes visible to B, who sees A as userRequest', async () => {
      const [a, b, host] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Host'], layer);
      const seen = await meetInChat(host, [a, b]);
      // Before the reveal B sees A as userForeign without phone, wherever B looks.
      const aForB = seen.get(b.id)!.find((u) => u.id === a.id);
      expect(aForB).toMatchObject({ _: 'userForeign' });
      expect(hasPhone(aForB)).toBe(false);
      const [before] = await b.ok('users.getUsers', { id: [{ ...foreignPeer(seen, b, a), _: 'inputUserForeign' }] });
      expect(before._).toBe('userForeign');
      const full = await b.ok('users.getFullUser', { id: { ...foreignPeer(seen, b, a), _: 'inputUserForeign' } });
      expect(full.link).toMatchObject({ my_link: { _: 'contacts.myLinkEmpty' }, foreign_link: { _: 'contacts.foreignLinkUnknown' } });
      expect(JSON.stringify(full)).not.toContain(a.phone);

      await a.importContact(b);
      const bFeedBefore = (await feed(b)).length;
      const result = await send(a, { _: 'inputPeerContact', user_id: b.id });

      if (layer >= 3) {
        expect(result._).toBe('messages.sentMessageLink');
        expect(result.links).toEqual([
          {
            _: 'contacts.link',
            my_link: { _: 'contacts.myLinkRequested', contact: true },
            foreign_link: { _: 'contacts.foreignLinkUnknown' },
            user: expect.objectContaining({ _: 'userContact', id: b.id, phone: b.phone }),
          },
        ]);
      } else {
        expect(result).toEqual({
          _: 'messages.sentMessage',
          id: expect.any(Number),
          date: expect.any(Number),
          pts: expect.any(Number),
          seq: expect.any(Number),
        });
      }
      // B learns through its feed: updateContactLink first, then the message, A now userRequest with phone.
      const added = (await feed(b)).slice(bFeedBefore);
      expect(added.map((e) => e.kind)).toEqual(['link', 'message']);
      expect(added[0].body).toEqual({
        _: 'updateContactLink',
        user_id: a.id,
        my_link: { _: 'contacts.myLinkEmpty' },
        foreign_link: { _: 'contacts.foreignLinkRequested', has_phone: true },
      });
      const difference = await b.ok('updates.getDifference', { pts: 0 });
      expect(difference.users.find((u: any) => u.id === a.id)).toMatchObject({ _: 'userRequest', phone: a.phone });
      // The sender's own feed never gets an updateContactLink for its own change.
      expect((await feed(a)).some((e) => e.kind === 'link')).toBe(false);
    });

    it('(a) A has B, B lacks A, B writes: A’s phone still becomes visible to B; B learns it in the result', async () => {
      const [a, b, host] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Host'], layer);
      const seen = await meetInChat(host, [a, b]);
      await a.importContact(b);

      const result = await send(b, foreignPeer(seen, b, a));

      if (layer >= 3) {
        expect(result._).toBe('messages.sentMessageLink');
        expect(result.links).toEqual([
          {
            _: 'contacts.link',
            my_link: { _: 'contacts.myLinkEmpty' },
            foreign_link: { _: 'contacts.foreignLinkRequested', has_phone: true },
            user: expect.objectContaining({ _: 'userRequest', id: a.id, phone: a.phone }),
          },
        ]);
      } else {
        expect(result._).toBe('messages.sentMessage');
      }
      const aFeed = await feed(a);
      const last = aFeed.slice(-2);
      expect(last.map((e) => e.kind)).toEqual(['link', 'message']);
      expect(last[0].body).toMatchObject({
        _: 'updateContactLink',
        user_id: b.id,
        my_link: { _: 'contacts.myLinkRequested', contact: true },
      });
      expect((await feed(b)).some((e) => e.kind === 'link')).toBe(false);
      const [aNow] = await b.ok('users.getUsers', { id: [{ ...foreignPeer(seen, b, a), _: 'inputUserForeign' }] });
      expect(aNow).toMatchObject({ _: 'userRequest', phone: a.phone });
    });

    it.each(['A', 'B'])(
      '(b) strangers: messages reveal nothing; after B imports A’s card, the next message (by %s) reveals B to A',
      async (finalSender) => {
        const [a, b, host] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Host'], layer);
        const seen = await meetInChat(host, [a, b]);
        const aToB = foreignPeer(seen, a, b);
        const bToA = foreignPeer(seen, b, a);

        expect((await send(a, aToB))._).toBe('messages.sentMessage');
        expect((await send(b, bToA))._).toBe('messages.sentMessage');
        const card = await a.ok('messages.sendMedia', {
          peer: aToB,
          media: { _: 'inputMediaContact', phone_number: a.phone, first_name: 'Ann', last_name: '' },
          random_id: '77',
        });
        expect(card._).toBe('messages.statedMessage');
        expect(card.message.media).toEqual({
          _: 'messageMediaContact',
          phone_number: a.phone,
          first_name: 'Ann',
          last_name: '',
          user_id: a.id,
        });
        for (const [viewer, subject] of [
          [a, b],
          [b, a],
        ]) {
          const [user] = await viewer.ok('users.getUsers', { id: [{ ...foreignPeer(seen, viewer, subject), _: 'inputUserForeign' }] });
          expect(user._).toBe('userForeign');
        }

        // B finds the card in its history and imports the phone.
        const history = await b.ok('messages.getHistory', { peer: bToA, offset: 0, max_id: 0, limit: 10 });
        const received = history.messages.find((m: any) => m.media?._ === 'messageMediaContact');
        expect(received.media.phone_number).toBe(a.phone);
        const imported = await b.ok('contacts.importContacts', {
          contacts: [{ _: 'inputPhoneContact', client_id: '9', phone: received.media.phone_number, first_name: 'Ann', last_name: '' }],
        });
        expect(imported.users).toEqual([expect.objectContaining({ _: 'userContact', id: a.id })]);
        const [bForA] = await a.ok('users.getUsers', { id: [{ ...aToB, _: 'inputUserForeign' }] });
        expect(bForA._).toBe('userForeign');

        const after =
          finalSender === 'A'
            ? await send(a, aToB, 'after import')
            : await send(b, { _: 'inputPeerContact', user_id: a.id }, 'after import');
        const [bNow] = await a.ok('users.getUsers', { id: [{ ...aToB, _: 'inputUserForeign' }] });
        expect(bNow).toMatchObject({ _: 'userRequest', phone: b.phone });
        if (layer < 3) {
          expect(after._).toBe('messages.sentMessage');
        } else if (finalSender === 'A') {
          expect(after._).toBe('messages.sentMessageLink');
          expect(after.links[0].user).toMatchObject({ _: 'userRequest', id: b.id, phone: b.phone });
        } else {
          expect(after._).toBe('messages.sentMessageLink');
          expect(after.links[0]).toMatchObject({
            my_link: { _: 'contacts.myLinkRequested', contact: true },
            user: { _: 'userContact', id: a.id },
          });
        }
        // Whoever did not send learns it from an updateContactLink placed before the message.
        const [receiver] = finalSender === 'A' ? [b] : [a];
        const tail = (await feed(receiver)).slice(-2);
        expect(tail.map((e) => e.kind)).toEqual(['link', 'message']);
      },
    );

    it('(c) mutual contacts: messaging changes no link, in either direction (only the import that made them mutual told Ann)', async () => {
      const [a, b] = await signUpMany(stack.api(), ['Ann', 'Bob'], layer);
      await a.importContact(b);
      await b.importContact(a);
      const aFull = await a.ok('users.getFullUser', { id: { _: 'inputUserContact', user_id: b.id } });
      expect(aFull.link.foreign_link).toEqual({ _: 'contacts.foreignLinkMutual' });

      expect((await send(a, { _: 'inputPeerContact', user_id: b.id }))._).toBe('messages.sentMessage');
      expect((await send(b, { _: 'inputPeerContact', user_id: a.id }))._).toBe('messages.sentMessage');
      // The only link entry is Ann's for Bob's import, which made the pair mutual, before any message: the messages added none.
      const annsFeed = await feed(a);
      expect(annsFeed.filter((e) => e.kind === 'link').map((e) => [e.pts, e.body.foreign_link])).toEqual([
        [1, { _: 'contacts.foreignLinkMutual' }],
      ]);
      expect((await feed(b)).some((e) => e.kind === 'link')).toBe(false);
    });
  });
});
