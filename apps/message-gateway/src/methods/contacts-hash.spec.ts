import { createHash } from 'node:crypto';
import { contactsHash } from './contacts-hash';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('contactsHash: what getContacts compares the client’s hash with', () => {
  it('given contacts 100003, 100001, 100020, then it is the md5 of "100001,100003,100020"', () => {
    expect(contactsHash([100003, 100001, 100020])).toBe(md5('100001,100003,100020'));
  });

  it('orders numerically, not as text', () => {
    expect(contactsHash([100, 99, 1000])).toBe(md5('99,100,1000'));
  });

  it('given no contacts, then it is the md5 of the empty string', () => {
    expect(contactsHash([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('is lower-case hex of 32 digits and changes when a contact is added', () => {
    const before = contactsHash([5, 7]);
    expect(before).toMatch(/^[0-9a-f]{32}$/);
    expect(contactsHash([5, 7, 9])).not.toBe(before);
  });
});
