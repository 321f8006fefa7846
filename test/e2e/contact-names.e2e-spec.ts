import { TestUser } from '../support/api-client';
import { signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const importAs = (owner: TestUser, contacts: { user: TestUser; first_name: string }[], replace = false) =>
  owner.ok('contacts.importContacts', {
    contacts: contacts.map(({ user, first_name }, i) => ({
      _: 'inputPhoneContact',
      client_id: String(i),
      phone: user.phone,
      first_name,
      last_name: '',
    })),
    replace,
  });

/** Contacts carry the name their owner saved (docs/api.md), shown to that owner only; replace:true replaces the owner's list. */
describe.each<StackMode>(['distributed', 'embedded'])('contacts under the names their owner saved (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());

  it("the owner's userContact shows the saved name, everyone else the user's own", async () => {
    const [ann, bob, cid] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Cid']);
    const imported = await importAs(ann, [{ user: bob, first_name: 'Bobby' }]);
    expect(imported.users).toEqual([expect.objectContaining({ _: 'userContact', id: bob.id, first_name: 'Bobby', last_name: '' })]);
    const { users } = await ann.ok('contacts.getContacts', {});
    expect(users).toEqual([expect.objectContaining({ id: bob.id, first_name: 'Bobby' })]);
    // Cid has Bob too, under his own name for him; Ann's name for Bob never reaches Cid.
    await importAs(cid, [{ user: bob, first_name: 'Robert' }]);
    const [seenByCid] = await cid.ok('users.getUsers', { id: [{ _: 'inputUserContact', user_id: bob.id }] });
    expect(seenByCid).toMatchObject({ _: 'userContact', first_name: 'Robert' });
    // Bob's own view of himself keeps his name.
    const [self] = await bob.ok('users.getUsers', { id: [{ _: 'inputUserSelf' }] });
    expect(self).toMatchObject({ _: 'userSelf', first_name: 'Bob', last_name: 'Test' });
    // Re-importing renames; a deleted contact shows the user's own name again.
    await importAs(ann, [{ user: bob, first_name: 'B.' }]);
    expect((await ann.ok('contacts.getContacts', {})).users[0].first_name).toBe('B.');
    const link = await ann.ok('contacts.deleteContact', { id: { _: 'inputUserContact', user_id: bob.id } });
    expect(link.user).toMatchObject({ id: bob.id, first_name: 'Bob' });
  });

  it('replace:true deletes the contacts the new list lacks, through ContactDeleted', async () => {
    const [ann, bob, cid, dan] = await signUpMany(stack.api(), ['Ann', 'Bob', 'Cid', 'Dan']);
    await importAs(ann, [
      { user: bob, first_name: 'Bob' },
      { user: cid, first_name: 'Cid' },
    ]);
    await importAs(
      ann,
      [
        { user: cid, first_name: 'C' },
        { user: dan, first_name: 'D' },
      ],
      true,
    );
    const { contacts, users } = await ann.ok('contacts.getContacts', {});
    expect(contacts.map((c: any) => c.user_id)).toEqual([cid.id, dan.id].sort((a, b) => a - b));
    expect(users.map((u: any) => u.first_name).sort()).toEqual(['C', 'D']);
    // Without replace the list is added to.
    await importAs(ann, [{ user: bob, first_name: 'Bob' }]);
    expect((await ann.ok('contacts.getContacts', {})).contacts).toHaveLength(3);
  });
});
