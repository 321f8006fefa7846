import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { readFeed } from '../support/feed-reader';
import { nextPhone, signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

const importPhones = (owner: TestUser, phones: { phone: string; first_name: string }[], replace = false) =>
  owner.ok('contacts.importContacts', {
    contacts: phones.map(({ phone, first_name }, i) => ({
      _: 'inputPhoneContact',
      client_id: String(i),
      phone,
      first_name,
      last_name: '',
    })),
    replace,
  });

/**
 * A phone with no account is kept as a pending contact (docs/api.md) and becomes a Contact when it
 * signs up: its importer hears updateContactRegistered, then updateContactLink, with the new user
 * under the importer's name for it.
 */
describe.each<StackMode>(['distributed', 'embedded'])('pending contacts (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());
  /** The tables are read where they can be (the embedded database lives inside its process); the API checks hold in both. */
  const rowsOf = async (sql: string, params: unknown[], expected: unknown[]) => {
    if (mode === 'distributed') expect(await stack.query(sql, params)).toEqual(expected);
  };

  it('a pending contact becomes a Contact when its phone signs up, and its importer hears of it', async () => {
    const [ann, bob] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    const phone = nextPhone();
    const answer = await importPhones(ann, [{ phone, first_name: 'Newbie' }]);
    expect(answer).toEqual({ _: 'contacts.importedContacts', imported: [], users: [] });
    await importPhones(bob, [{ phone, first_name: 'Someone' }]);

    const eve = await TestUser.signUp(stack.api(), phone, 'Eve');
    const feed = await eventually('two entries in ann’s feed', async () => {
      const entries = await readFeed(ann);
      return entries.length >= 2 ? entries : undefined;
    });
    expect(feed.map((entry) => entry.body)).toEqual([
      { _: 'updateContactRegistered', user_id: eve.id, date: expect.any(Number) },
      {
        _: 'updateContactLink',
        user_id: eve.id,
        my_link: { _: 'contacts.myLinkContact' },
        foreign_link: { _: 'contacts.foreignLinkUnknown' },
      },
    ]);
    const difference = await ann.ok('updates.getDifference', { pts: 0 });
    expect(difference.other_updates.map((u: any) => u._)).toEqual(['updateContactRegistered', 'updateContactLink']);
    expect(difference.users).toEqual([expect.objectContaining({ _: 'userContact', id: eve.id, first_name: 'Newbie', phone })]);
    const { contacts } = await ann.ok('contacts.getContacts', {});
    expect(contacts).toEqual([{ _: 'contact', user_id: eve.id, mutual: false }]);
    // Each importer has her under its own name; the new user hears nothing and learns no one's phone.
    await eventually('bob’s contact', async () =>
      (await bob.ok('contacts.getContacts', {})).users[0]?.first_name === 'Someone' ? true : undefined,
    );
    expect(await eve.ok('updates.getState', {})).toMatchObject({ pts: 0 });
    await rowsOf(`SELECT count(*)::int AS n FROM pending_contacts WHERE phone = $1`, [phone], [{ n: 0 }]);
  });

  it('replace:true removes the pending contacts the new list lacks: their sign-up then converts nothing', async () => {
    const [cid] = await signUpMany(stack.api(), ['Cid']);
    const dropped = nextPhone();
    const kept = nextPhone();
    await importPhones(cid, [
      { phone: dropped, first_name: 'Gone' },
      { phone: kept, first_name: 'Kept' },
    ]);
    await importPhones(cid, [{ phone: kept, first_name: 'Kept' }], true);
    await rowsOf(`SELECT phone FROM pending_contacts WHERE owner_id = $1`, [cid.id], [{ phone: kept }]);
    const gone = await TestUser.signUp(stack.api(), dropped, 'Gone');
    const stays = await TestUser.signUp(stack.api(), kept, 'Kept');
    const feed = await eventually('cid’s feed', async () => {
      const entries = await readFeed(cid);
      return entries.length >= 2 ? entries : undefined;
    });
    expect(feed.map((entry) => entry.body.user_id)).toEqual([stays.id, stays.id]);
    expect((await cid.ok('contacts.getContacts', {})).contacts.map((c: any) => c.user_id)).toEqual([stays.id]);
    expect(gone.id).not.toBe(stays.id);
  });
});
