import { PayloadOf } from '@app/events';
import { linkUpdateRecipients } from '@app/links';
import type { UserKind } from '@app/links';
import { FeedEntry, MailboxChanges } from './mailbox-changes';
import type { Sighting, UserRenderer } from './assembly';

type ContactLinkChanged = PayloadOf<'ContactLinkChanged'>;

/** The views of a contact change its members hear of: the changed ones of whoever did not make the call. */
function heardViews(change: ContactLinkChanged) {
  const changed = change.views.filter((view) => view.changed).map((view) => ({ owner: view.owner_id, view }));
  return linkUpdateRecipients(changed, change.owner_id).map(({ view }) => view);
}

/** What delivering contact changes must read: the boxes it writes and the (viewer, user) pairs it renders. */
export function contactDeliveryNeeds(changes: readonly ContactLinkChanged[]): { owners: number[]; sightings: Sighting[] } {
  const views = changes.flatMap(heardViews);
  return { owners: views.map((view) => view.owner_id), sightings: views.map((view) => [view.owner_id, view.peer_id] as const) };
}

/**
 * A contact change in the feed of each member whose view it changed and who did not make the call
 * (docs/api.md): updateContactLink with the peer shown as the change left it.
 */
export function deliverContactChange(users: UserRenderer, mailboxes: MailboxChanges, change: ContactLinkChanged): void {
  for (const view of heardViews(change)) {
    const pinned = new Map<number, UserKind>([[view.peer_id, view.user_kind]]);
    const entry: FeedEntry = {
      kind: 'link',
      date: change.date,
      body: { _: 'updateContactLink', user_id: view.peer_id, my_link: view.my_link, foreign_link: view.foreign_link },
      users: users.render(view.owner_id, [view.peer_id], pinned),
    };
    mailboxes.appendToFeed(view.owner_id, [entry]);
  }
}
