import { TestUser } from '../support/api-client';
import { eventually } from '../support/deadline';
import { readFeed } from '../support/feed-reader';
import { signUpMany } from '../support/scenario';
import { Stack, StackMode } from '../support/stack';

/** The feed entries after `pts`, once the feed has reached `count` of them. */
const entriesAfter = (user: TestUser, pts: number, count: number) =>
  eventually(`${count} new feed entries of ${user.id}`, async () => {
    const entries = (await readFeed(user)).filter((entry) => entry.pts > pts);
    return entries.length >= count ? entries : undefined;
  });

/**
 * updateContactLink means "the link with this user changed", whatever changed it (docs/api.md): a
 * contact change reaches the other member's feed when its view changed, never the caller's.
 */
describe.each<StackMode>(['distributed', 'embedded'])('updateContactLink for contact changes (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());

  it('an import that makes the pair mutual and the delete that ends it reach the other member only', async () => {
    const [ann, bob] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await ann.importContact(bob);
    // A one-sided import is no one else's business: Bob's view of Ann did not change.
    await bob.importContact(ann);
    const [mutual] = await entriesAfter(ann, 0, 1);
    expect(mutual).toMatchObject({
      kind: 'link',
      body: {
        _: 'updateContactLink',
        user_id: bob.id,
        my_link: { _: 'contacts.myLinkContact' },
        foreign_link: { _: 'contacts.foreignLinkMutual' },
      },
    });
    const difference = await ann.ok('updates.getDifference', { pts: 0 });
    expect(difference.users).toEqual([expect.objectContaining({ _: 'userContact', id: bob.id, phone: bob.phone })]);

    await ann.ok('contacts.deleteContact', { id: { _: 'inputUserContact', user_id: bob.id } });
    const [ended] = await entriesAfter(bob, 0, 1);
    expect(ended.body).toEqual({
      _: 'updateContactLink',
      user_id: ann.id,
      my_link: { _: 'contacts.myLinkContact' },
      foreign_link: { _: 'contacts.foreignLinkUnknown' },
    });
    // The callers heard nothing of their own calls: Bob's feed has the delete only, Ann's the import only.
    const later = await bob.ok('contacts.importContacts', { contacts: [] });
    expect(later.imported).toEqual([]);
    expect((await readFeed(bob)).map((e) => e.pts)).toEqual([1]);
    expect((await readFeed(ann)).map((e) => e.pts)).toEqual([1]);
  });

  it('deleteContacts of a mutual pair and its re-import each reach the other member once, in order', async () => {
    const [ann, bob] = await signUpMany(stack.api(), ['Ann', 'Bob']);
    await ann.importContact(bob);
    await bob.importContact(ann);
    await entriesAfter(ann, 0, 1);
    await bob.ok('contacts.deleteContacts', { id: [{ _: 'inputUserContact', user_id: ann.id }] });
    await bob.importContact(ann);
    const entries = await entriesAfter(ann, 1, 2);
    expect(entries.map((e) => [e.pts, e.body.foreign_link._])).toEqual([
      [2, 'contacts.foreignLinkUnknown'],
      [3, 'contacts.foreignLinkMutual'],
    ]);
  });
});
