import { createHash } from 'node:crypto';

/**
 * The `hash` a client sends to contacts.getContacts to say which list it already has (SPEC §5):
 * md5, lower-case hex, of the contact ids in ascending order joined by `,`.
 */
export function contactsHash(contactIds: readonly number[]): string {
  const ascending = [...contactIds].sort((a, b) => a - b);
  return createHash('md5').update(ascending.join(',')).digest('hex');
}
