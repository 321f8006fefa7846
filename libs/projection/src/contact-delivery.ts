import { PayloadOf } from '@app/events';
import { linkUpdateRecipients } from '@app/links';
import type { UserKind } from '@app/links';
import { FeedEntry, MailboxChanges } from './mailbox-changes';
import type { Sighting, UserRenderer } from './assembly';

type ContactLinkChanged = PayloadOf<'ContactLinkChanged'>;

/** Who made the call a contact change came from: the owner, or for a pending contact's conversion the user who signed up. */
function callerOf(change: ContactLinkChanged): number {
  return change.registered ? change.contact_id : change.owner_id;
}

/** The views of a contact change its members hear of: the changed ones of whoever did not make the call. */
export function heardViews(change: ContactLinkChanged): ContactLinkChanged['views'] {
  const changed = change.views.filter((view) => view.changed).map((view) => ({ owner: view.owner_id, view }));
  return linkUpdateRecipients(changed, callerOf(change)).map(({ view }) => view);
}

/** The owner of a converted pending contact hears that its phone signed up, with the new user in `users`. */
function registeredEntry(users: UserRenderer, change: ContactLinkChanged, pinned: ReadonlyMap<number, UserKind>): FeedEntry {
  return {
    kind: 'registered',
    date: change.date,
    body: { _: 'updateContactRegistered', user_id: change.contact_id, date: change.date },
    users: users.render(change.owner_id, [change.contact_id], pinned),
  };
}

/** What delivering contact changes must read: the boxes it writes and the (viewer, user) pairs it renders. */
export function contactDeliveryNeeds(changes: readonly ContactLinkChanged[]): { owners: number[]; sightings: Sighting[] } {
  const told = changes.flatMap((change) => [
    ...heardViews(change).map((view) => [view.owner_id, view.peer_id] as const),
    ...(change.registered ? [[change.owner_id, change.contact_id] as const] : []),
  ]);
  return { owners: told.map(([owner]) => owner), sightings: told };
}

/**
 * A contact change in the feed of each member whose view it changed and who did not make the call
 * (docs/api.md): updateContactLink with the peer shown as the change left it; the owner of a
 * converted pending contact gets updateContactRegistered first.
 */
export function deliverContactChange(users: UserRenderer, mailboxes: MailboxChanges, change: ContactLinkChanged): void {
  const ownersView = change.views.find((view) => view.owner_id === change.owner_id)!;
  const pinnedFor = (owner: number) =>
    new Map<number, UserKind>(change.views.filter((view) => view.owner_id === owner).map((view) => [view.peer_id, view.user_kind]));
  const entries = new Map<number, FeedEntry[]>();
  if (change.registered) entries.set(change.owner_id, [registeredEntry(users, change, pinnedFor(ownersView.owner_id))]);
  for (const view of heardViews(change)) {
    const entry: FeedEntry = {
      kind: 'link',
      date: change.date,
      body: { _: 'updateContactLink', user_id: view.peer_id, my_link: view.my_link, foreign_link: view.foreign_link },
      users: users.render(view.owner_id, [view.peer_id], pinnedFor(view.owner_id)),
    };
    entries.set(view.owner_id, [...(entries.get(view.owner_id) ?? []), entry]);
  }
  for (const [owner, feed] of entries) mailboxes.appendToFeed(owner, feed);
}
