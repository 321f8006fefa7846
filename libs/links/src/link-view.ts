import { PairState, UserId, otherMember, phoneVisible, sideOf } from './pair';

export type MyLink =
  | { readonly _: 'contacts.myLinkEmpty' }
  | { readonly _: 'contacts.myLinkContact' }
  | { readonly _: 'contacts.myLinkRequested'; readonly contact: boolean };

export type ForeignLink =
  | { readonly _: 'contacts.foreignLinkUnknown' }
  | { readonly _: 'contacts.foreignLinkRequested'; readonly has_phone: boolean }
  | { readonly _: 'contacts.foreignLinkMutual' };

/** The User constructor a viewer is shown for a peer. */
export type UserKind = 'userSelf' | 'userContact' | 'userRequest' | 'userForeign' | 'userDeleted';

/** What `owner` sees of the other member of a pair (docs/views-by-layer.md). */
export interface LinkView {
  readonly owner: UserId;
  readonly peer: UserId;
  readonly myLink: MyLink;
  readonly foreignLink: ForeignLink;
  readonly userKind: UserKind;
}

/** Kinds whose TL constructor carries the phone number. */
export const KINDS_WITH_PHONE: ReadonlySet<UserKind> = new Set<UserKind>(['userSelf', 'userContact', 'userRequest']);

function myLinkOf(state: PairState, owner: UserId): MyLink {
  const side = sideOf(state, owner);
  if (side.phoneRevealed) return { _: 'contacts.myLinkRequested', contact: side.hasContact };
  return side.hasContact ? { _: 'contacts.myLinkContact' } : { _: 'contacts.myLinkEmpty' };
}

function foreignLinkOf(state: PairState, owner: UserId): ForeignLink {
  const peer = otherMember(state, owner);
  if (sideOf(state, owner).hasContact && sideOf(state, peer).hasContact) return { _: 'contacts.foreignLinkMutual' };
  if (sideOf(state, peer).phoneRevealed) {
    return { _: 'contacts.foreignLinkRequested', has_phone: phoneVisible(state, owner, peer) };
  }
  return { _: 'contacts.foreignLinkUnknown' };
}

function userKindOf(state: PairState, owner: UserId, peerDeleted: boolean): UserKind {
  if (peerDeleted) return 'userDeleted';
  if (sideOf(state, owner).hasContact) return 'userContact';
  return sideOf(state, otherMember(state, owner)).phoneRevealed ? 'userRequest' : 'userForeign';
}

export function linkView(state: PairState, owner: UserId, options: { peerDeleted?: boolean } = {}): LinkView {
  return {
    owner,
    peer: otherMember(state, owner),
    myLink: myLinkOf(state, owner),
    foreignLink: foreignLinkOf(state, owner),
    userKind: userKindOf(state, owner, options.peerDeleted ?? false),
  };
}

/** The user kind for views outside any pair: oneself, or a deleted account. */
export function userKindWithoutPair(viewer: UserId, subject: UserId, subjectDeleted: boolean): UserKind | undefined {
  if (viewer === subject) return 'userSelf';
  return subjectDeleted ? 'userDeleted' : undefined;
}

/** A "link change" of docs/views-by-layer.md: any change of my_link, foreign_link or the user constructor. */
export function sameView(a: LinkView, b: LinkView): boolean {
  return (
    a.userKind === b.userKind &&
    JSON.stringify(a.myLink) === JSON.stringify(b.myLink) &&
    JSON.stringify(a.foreignLink) === JSON.stringify(b.foreignLink)
  );
}

/** Each owner's view after an event that took the pair from `before` to `after`, and whether the event changed it. */
export function viewChanges(before: PairState, after: PairState, owners: readonly UserId[]): { view: LinkView; changed: boolean }[] {
  return owners.map((owner) => {
    const view = linkView(after, owner);
    return { view, changed: !sameView(linkView(before, owner), view) };
  });
}
