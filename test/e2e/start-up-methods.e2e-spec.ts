import { createHash } from 'node:crypto';
import { TestUser } from '../support/api-client';
import { foreignPeer, meetInChat, send, signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const asUser = (peer: { user_id: number; access_hash: string }) => ({
  _: 'inputUserForeign',
  user_id: peer.user_id,
  access_hash: peer.access_hash,
});

/** The messages in `viewer`'s feed after `pts` that `author` wrote. */
async function messagesFrom(viewer: TestUser, author: TestUser, pts: number): Promise<unknown[]> {
  const difference = await viewer.ok('updates.getDifference', { pts });
  return (difference.new_messages ?? []).filter((m: any) => m.from_id === author.id);
}

/** The base-layer methods a client calls when it starts (docs/api.md), in both modes. */
describe.each<StackMode>(['distributed', 'embedded'])('contacts a client reads on start (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());

  it('getContacts answers contactsNotModified for the hash of the list the client has, and the list after an import', async () => {
    const [ann, bob, cid] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Cid']);
    await ann.importContact(bob);
    const first = await ann.ok('contacts.getContacts', { hash: '' });
    expect(first).toMatchObject({ _: 'contacts.contacts', contacts: [{ _: 'contact', user_id: bob.id, mutual: false }] });

    const hash = md5(String(bob.id));
    expect(await ann.ok('contacts.getContacts', { hash })).toEqual({ _: 'contacts.contactsNotModified' });
    expect((await ann.ok('contacts.getContacts', { hash: hash.toUpperCase() }))._).toBe('contacts.contacts');

    await ann.importContact(cid);
    const after = await ann.ok('contacts.getContacts', { hash });
    expect(after._).toBe('contacts.contacts');
    expect(after.contacts.map((c: any) => c.user_id)).toEqual([bob.id, cid.id]);
    const both = md5([bob.id, cid.id].sort((x, y) => x - y).join(','));
    expect(await ann.ok('contacts.getContacts', { hash: both })).toEqual({ _: 'contacts.contactsNotModified' });
  });

  it('block: getBlocked lists it with its date, the blocked sender’s messages do not reach the blocker and reveal nothing; unblock undoes it', async () => {
    const [host, ann, bob] = await signUpMany(stack.api(), ['Host', 'Ann', 'Bob']);
    const seen = await meetInChat(host, [ann, bob]);
    await ann.importContact(bob);
    const before = nowSeconds();
    expect(await bob.ok('contacts.block', { id: asUser(foreignPeer(seen, bob, ann)) })).toBe(true);

    const blocked = await bob.ok('contacts.getBlocked', {});
    expect(blocked._).toBe('contacts.blocked');
    expect(blocked.blocked).toEqual([{ _: 'contactBlocked', user_id: ann.id, date: expect.any(Number) }]);
    expect(blocked.blocked[0].date).toBeGreaterThanOrEqual(before - 1);
    expect(blocked.blocked[0].date).toBeLessThanOrEqual(nowSeconds() + 1);
    expect(blocked.users).toEqual([expect.objectContaining({ _: 'userForeign', id: ann.id })]);

    // Ann has Bob, Bob lacks Ann: delivered, this message would reveal Ann's phone to Bob.
    const { pts } = await bob.ok('updates.getState');
    const toBob = { _: 'inputPeerContact', user_id: bob.id };
    expect((await send(ann, toBob))._).toBe('messages.sentMessage');
    expect(await messagesFrom(bob, ann, pts)).toEqual([]);
    const [bobSeesAnn] = await bob.ok('users.getUsers', { id: [asUser(foreignPeer(seen, bob, ann))] });
    expect(bobSeesAnn._).toBe('userForeign');

    expect(await bob.ok('contacts.unblock', { id: asUser(foreignPeer(seen, bob, ann)) })).toBe(true);
    expect(await bob.ok('contacts.getBlocked', {})).toEqual({ _: 'contacts.blocked', blocked: [], users: [] });
    expect((await send(ann, toBob))._).toBe('messages.sentMessageLink');
    expect(await messagesFrom(bob, ann, pts)).toHaveLength(1);
  });

  it('getBlocked pages: blockedSlice with the count while more remain, limit capped', async () => {
    const [host, ann, bob, cid] = await signUpMany(stack.api(), ['Host', 'Ann', 'Bob', 'Cid']);
    const seen = await meetInChat(host, [ann, bob, cid]);
    await ann.ok('contacts.block', { id: asUser(foreignPeer(seen, ann, bob)) });
    await ann.ok('contacts.block', { id: asUser(foreignPeer(seen, ann, cid)) });
    // Blocking twice keeps one entry.
    await ann.ok('contacts.block', { id: asUser(foreignPeer(seen, ann, cid)) });

    const first = await ann.ok('contacts.getBlocked', { offset: 0, limit: 1 });
    expect(first).toMatchObject({ _: 'contacts.blockedSlice', count: 2 });
    expect(first.blocked).toHaveLength(1);
    const second = await ann.ok('contacts.getBlocked', { offset: 1, limit: 1 });
    expect(second._).toBe('contacts.blocked');
    expect([...first.blocked, ...second.blocked].map((b: any) => b.user_id).sort()).toEqual([bob.id, cid.id].sort());

    const tooMany = await ann.call('contacts.getBlocked', { limit: 101 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ _: 'rpc_error', error_code: 400 });
  });

  it('getStatuses shows a contact’s last call once it made one, and nothing once that contact blocked the viewer', async () => {
    const [ann, bob] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await ann.importContact(bob);
    // Bob has only signed up: no authenticated call yet, so no status.
    expect(await ann.ok('contacts.getStatuses')).toEqual([]);

    await bob.ok('updates.getState');
    const statuses = await ann.ok('contacts.getStatuses');
    expect(statuses).toEqual([{ _: 'contactStatus', user_id: bob.id, expires: expect.any(Number) }]);
    // Online for five minutes after the call.
    expect(statuses[0].expires).toBeGreaterThan(nowSeconds());
    expect(statuses[0].expires).toBeLessThanOrEqual(nowSeconds() + 301);
    const { users } = await ann.ok('contacts.getContacts', {});
    expect(users[0].status).toEqual({ _: 'userStatusOnline', expires: statuses[0].expires });

    await bob.importContact(ann);
    await bob.ok('contacts.block', { id: { _: 'inputUserContact', user_id: ann.id } });
    expect(await ann.ok('contacts.getStatuses')).toEqual([]);
    expect((await ann.ok('contacts.getContacts', {})).users[0].status).toEqual({ _: 'userStatusEmpty' });
  });
});
