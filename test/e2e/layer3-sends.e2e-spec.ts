import { TestUser } from '../support/api-client';
import { readFeed } from '../support/feed-reader';
import { foreignPeer, meetInChat, nextRandomId, send, signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const TEXT_ONLY = { _: 'inputMediaEmpty' };
const contactOf = (user: TestUser) => ({ _: 'inputUserContact', user_id: user.id });
const rpcError = (status: number, name: string) => ({ status, body: { _: 'rpc_error', error_code: status, error_message: name } });

/**
 * Layer 3's messages.forwardMessage and messages.sendBroadcast (docs/api.md) under the link rule
 * (docs/link-rules.md): each recipient of a broadcast gets one private message, with its
 * updateContactLink first; the sender's result carries the links of every recipient on layer 3; a
 * retry with the same random_ids creates nothing. In both modes.
 */
describe.each<StackMode>(['distributed', 'embedded'])('layer-3 sends: forwardMessage and sendBroadcast (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());

  /** Ann has Bob and Cid in her contacts; they do not have her. */
  async function annWithTwoContacts(layer = 3): Promise<[TestUser, TestUser, TestUser]> {
    const [ann, bob, cid] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Cid'], layer);
    await ann.importContact(bob);
    await ann.importContact(cid);
    return [ann, bob, cid];
  }

  it('a broadcast reveals the sender’s phone to each recipient: updateContactLink before the message, the sender as userRequest; the layer-3 result carries both links', async () => {
    const [ann, bob, cid] = await annWithTwoContacts();
    const randomIds = [nextRandomId(), nextRandomId()];
    const result = await ann.ok('messages.sendBroadcast', {
      contacts: [contactOf(bob), contactOf(cid)],
      message: 'hello both',
      media: TEXT_ONLY,
      random_id: randomIds,
    });

    expect(result._).toBe('messages.statedMessagesLinks');
    expect(result.messages).toEqual([
      expect.objectContaining({ _: 'message', out: true, message: 'hello both', to_id: { _: 'peerUser', user_id: bob.id } }),
      expect.objectContaining({ _: 'message', out: true, message: 'hello both', to_id: { _: 'peerUser', user_id: cid.id } }),
    ]);
    expect(result.links).toEqual(
      [bob, cid].map((recipient) => ({
        _: 'contacts.link',
        my_link: { _: 'contacts.myLinkRequested', contact: true },
        foreign_link: { _: 'contacts.foreignLinkUnknown' },
        user: expect.objectContaining({ _: 'userContact', id: recipient.id, phone: recipient.phone }),
      })),
    );
    expect(result.users.map((u: any) => u.id).sort()).toEqual([ann.id, bob.id, cid.id].sort());
    const { pts } = await ann.ok('updates.getState');
    expect(result.pts).toBe(pts);

    for (const recipient of [bob, cid]) {
      const feed = await readFeed(recipient);
      expect(feed.map((e) => e.kind)).toEqual(['link', 'message']);
      expect(feed[0].body).toEqual({
        _: 'updateContactLink',
        user_id: ann.id,
        my_link: { _: 'contacts.myLinkEmpty' },
        foreign_link: { _: 'contacts.foreignLinkRequested', has_phone: true },
      });
      expect(feed[1].body).toMatchObject({ message: 'hello both', from_id: ann.id, out: false });
      const difference = await recipient.ok('updates.getDifference', { pts: 0 });
      expect(difference.users.find((u: any) => u.id === ann.id)).toMatchObject({ _: 'userRequest', phone: ann.phone });
    }
    // The sender's feed has its two messages, never a link update for its own change.
    expect((await readFeed(ann)).map((e) => e.kind)).toEqual(['message', 'message']);

    // A retry with the same random_ids answers the first result and writes nothing.
    const retried = await ann.ok('messages.sendBroadcast', {
      contacts: [contactOf(bob), contactOf(cid)],
      message: 'hello both',
      media: TEXT_ONLY,
      random_id: randomIds,
    });
    expect(retried).toEqual(result);
    for (const user of [ann, bob, cid]) expect((await readFeed(user)).length).toBe(2);
  });

  it('on layer 1 the same broadcast answers plain messages.statedMessages; the recipients still learn the link', async () => {
    const [ann, bob, cid] = await annWithTwoContacts(1);
    const result = await ann.ok('messages.sendBroadcast', {
      contacts: [contactOf(bob), contactOf(cid)],
      message: 'hi',
      media: TEXT_ONLY,
      random_id: [nextRandomId(), nextRandomId()],
    });
    expect(result._).toBe('messages.statedMessages');
    expect(result).not.toHaveProperty('links');
    expect(result.messages).toHaveLength(2);
    for (const recipient of [bob, cid]) expect((await readFeed(recipient)).map((e) => e.kind)).toEqual(['link', 'message']);
  });

  it('a contact card goes to every recipient; one who blocked the sender gets nothing and learns nothing; without random_ids the server picks them', async () => {
    const [ann, bob, cid] = await annWithTwoContacts();
    // Cid learns Ann's access_hash in a chat, to block her.
    const [host] = await signUpMany(stack.api(), ['Host']);
    const seen = await meetInChat(host, [cid, ann]);
    await cid.ok('contacts.block', { id: { ...foreignPeer(seen, cid, ann), _: 'inputUserForeign' } });
    const cidFeed = await readFeed(cid);
    const card = { _: 'inputMediaContact', phone_number: ann.phone, first_name: 'Ann', last_name: '' };
    const result = await ann.ok('messages.sendBroadcast', { contacts: [contactOf(bob), contactOf(cid)], media: card });

    expect(result._).toBe('messages.statedMessagesLinks');
    expect(result.messages.map((m: any) => m.media)).toEqual([
      { _: 'messageMediaContact', phone_number: ann.phone, first_name: 'Ann', last_name: '', user_id: ann.id },
      { _: 'messageMediaContact', phone_number: ann.phone, first_name: 'Ann', last_name: '', user_id: ann.id },
    ]);
    // Only Bob's view changed: the blocked message to Cid reveals nothing.
    expect(result.links.map((l: any) => l.user.id)).toEqual([bob.id]);
    expect((await readFeed(bob)).map((e) => e.kind)).toEqual(['link', 'message']);
    expect(await readFeed(cid)).toEqual(cidFeed);
  });

  it('bad broadcasts are named 400s, and a refused broadcast writes nothing for any recipient', async () => {
    const [ann, bob, cid] = await annWithTwoContacts();
    const call = (params: Record<string, unknown>) =>
      ann.call('messages.sendBroadcast', { contacts: [contactOf(bob), contactOf(cid)], message: 'x', media: TEXT_ONLY, ...params });
    expect(await call({ contacts: [] })).toEqual(rpcError(400, 'CONTACTS_EMPTY'));
    const many = Array.from({ length: 101 }, (_, i) => ({ _: 'inputUserContact', user_id: i + 1 }));
    expect(await call({ contacts: many })).toEqual(rpcError(400, 'CONTACTS_TOO_MUCH'));
    expect(await call({ contacts: [contactOf(bob), contactOf(bob)] })).toEqual(rpcError(400, 'USER_ID_DUPLICATE'));
    expect(await call({ random_id: ['1'] })).toEqual(rpcError(400, 'RANDOM_ID_INVALID'));
    expect(await call({ random_id: ['1', '1'] })).toEqual(rpcError(400, 'RANDOM_ID_DUPLICATE'));
    expect(await call({ message: ' ' })).toEqual(rpcError(400, 'MESSAGE_EMPTY'));
    expect(await call({ media: { _: 'inputMediaPhoto' } })).toEqual(rpcError(400, 'MEDIA_INVALID'));

    // One recipient Ann may not address (a wrong access_hash) refuses the call before anything is written.
    const unaddressable = { _: 'inputUserForeign', user_id: cid.id, access_hash: '12345' };
    const ids = [nextRandomId(), nextRandomId()];
    expect(await call({ contacts: [contactOf(bob), unaddressable], random_id: ids })).toEqual(rpcError(400, 'USER_ID_INVALID'));
    // A random_id already used by another send refuses the call, and the other recipient's send is not kept either.
    const taken = nextRandomId();
    await ann.ok('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'note', random_id: taken });
    expect(await call({ random_id: [ids[0], taken] })).toEqual(rpcError(400, 'RANDOM_ID_DUPLICATE'));
    expect(await readFeed(bob)).toEqual([]);
    // ids[0] was never recorded: a different broadcast may use it now.
    const later = await ann.ok('messages.sendBroadcast', {
      contacts: [contactOf(bob)],
      message: 'later',
      media: TEXT_ONLY,
      random_id: [ids[0]],
    });
    expect(later.messages).toMatchObject([{ message: 'later' }]);
    expect((await readFeed(bob)).map((e) => e.body.message ?? e.body._)).toEqual(['updateContactLink', 'later']);
  });

  it.each([3, 1])('forwardMessage on layer %i reveals like sendMessage and answers the singular result', async (layer) => {
    const [ann, bob] = await signUpMany(stack.api(), ['Ann', 'Bob'], layer);
    await ann.importContact(bob);
    const own = await ann.ok('messages.sendMessage', { peer: { _: 'inputPeerSelf' }, message: 'note to self', random_id: nextRandomId() });
    const params = { peer: { _: 'inputPeerContact', user_id: bob.id }, id: own.id, random_id: nextRandomId() };
    const forwarded = await ann.ok('messages.forwardMessage', params);

    expect(forwarded).toMatchObject({
      _: layer === 3 ? 'messages.statedMessageLink' : 'messages.statedMessage',
      message: { _: 'messageForwarded', fwd_from_id: ann.id, message: 'note to self', out: true },
      chats: [],
    });
    if (layer === 3) {
      expect(forwarded.links).toEqual([
        expect.objectContaining({
          my_link: { _: 'contacts.myLinkRequested', contact: true },
          user: expect.objectContaining({ id: bob.id }),
        }),
      ]);
    } else {
      expect(forwarded).not.toHaveProperty('links');
    }
    const feed = await readFeed(bob);
    expect(feed.map((e) => e.kind)).toEqual(['link', 'message']);
    expect(feed[1].body).toMatchObject({ _: 'messageForwarded', fwd_from_id: ann.id, from_id: ann.id });
    const difference = await bob.ok('updates.getDifference', { pts: 0 });
    expect(difference.users.find((u: any) => u.id === ann.id)).toMatchObject({ _: 'userRequest', phone: ann.phone });

    // The same random_id again: the first result, nothing new.
    expect(await ann.ok('messages.forwardMessage', params)).toEqual(forwarded);
    expect(await readFeed(bob)).toHaveLength(2);
    expect(await ann.call('messages.forwardMessage', { ...params, id: 999_999, random_id: nextRandomId() })).toEqual(
      rpcError(400, 'MESSAGE_ID_INVALID'),
    );
  });

  it('a broadcast to strangers met in a chat reveals nothing and is addressed with their access_hash', async () => {
    const [ann, bob, host] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Host']);
    const seen = await meetInChat(host, [ann, bob]);
    const bobForAnn = { ...foreignPeer(seen, ann, bob), _: 'inputUserForeign' };
    const result = await ann.ok('messages.sendBroadcast', { contacts: [bobForAnn], message: 'hi stranger', media: TEXT_ONLY });
    expect(result._).toBe('messages.statedMessages');
    expect(JSON.stringify(result)).not.toContain(bob.phone);
    expect((await readFeed(bob)).map((e) => e.kind)).toEqual(['message', 'message']);
    // A reply by sendMessage is still a plain result: nothing was revealed.
    expect((await send(bob, foreignPeer(seen, bob, ann)))._).toBe('messages.sentMessage');
  });
});
