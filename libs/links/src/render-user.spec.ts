import { accessHash, isValidAccessHash } from './access-hash';
import { KINDS_WITH_PHONE, UserKind } from './link-view';
import { renderUser } from './render-user';

const user = { id: 7, phone: '15550001', first_name: 'Ann', last_name: 'Lee', deleted: false };
const kinds: UserKind[] = ['userSelf', 'userContact', 'userRequest', 'userForeign', 'userDeleted'];

describe('renderUser', () => {
  it.each(kinds)('%s carries the phone only if its kind does', (kind) => {
    const rendered = renderUser(kind, user, 9, 'secret');
    expect(rendered._).toBe(kind);
    expect('phone' in rendered).toBe(KINDS_WITH_PHONE.has(kind));
    expect(JSON.stringify(rendered).includes(user.phone)).toBe(KINDS_WITH_PHONE.has(kind));
  });

  it.each(kinds)('%s shows the name the viewer saved only if it is the viewer’s contact', (kind) => {
    const rendered = renderUser(kind, user, 9, 'secret', undefined, { first_name: 'Mum', last_name: '' });
    const saved = kind === 'userContact';
    expect(rendered).toMatchObject(saved ? { first_name: 'Mum', last_name: '' } : { first_name: 'Ann', last_name: 'Lee' });
  });

  it('a contact the viewer saved no name for shows the user’s own', () => {
    expect(renderUser('userContact', user, 9, 'secret')).toMatchObject({ first_name: 'Ann', last_name: 'Lee' });
  });

  it('access_hash is per viewer and checks out only for that viewer', () => {
    const forNine = accessHash('secret', 9, 7);
    expect(forNine).toMatch(/^-?\d+$/);
    expect(accessHash('secret', 8, 7)).not.toBe(forNine);
    expect(isValidAccessHash('secret', 9, 7, forNine)).toBe(true);
    expect(isValidAccessHash('secret', 8, 7, forNine)).toBe(false);
    expect(isValidAccessHash('other', 9, 7, forNine)).toBe(false);
  });
});
