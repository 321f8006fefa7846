/** One-line descriptions of what a user is shown, for the demo's output. */
export function describeUser(user: any): string {
  const phone = 'phone' in user ? `phone ${user.phone} shown` : 'phone hidden';
  return `${user._} (${phone})`;
}

export function describeLink(link: any): string {
  const my = link.my_link._.replace('contacts.', '') + (link.my_link.contact !== undefined ? `{contact:${link.my_link.contact}}` : '');
  const foreign =
    link.foreign_link._.replace('contacts.', '') +
    (link.foreign_link.has_phone !== undefined ? `{has_phone:${link.foreign_link.has_phone}}` : '');
  return `my_link=${my}, foreign_link=${foreign}`;
}

/** An update of a feed's other_updates, in one line. */
export function describeUpdate(update: any): string {
  if (update._ === 'updateContactRegistered') return `updateContactRegistered: user ${update.user_id} signed up`;
  return `updateContactLink about ${update.user_id}: ${describeLink(update)}`;
}

export function describeSendResult(result: any): string {
  if (!result.links) return `${result._} (no link changed for the sender)`;
  return `${result._} with ${result.links.length} link(s): ${result.links.map((l: any) => `${describeLink(l)}, user ${describeUser(l.user)}`).join('; ')}`;
}
