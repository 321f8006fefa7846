import type { UserStatus } from '@app/tl';
import { KINDS_WITH_PHONE, UserKind } from './link-view';

/**
 * A user counts as online this long after its last recorded call. The gateway records a call at
 * most once a minute per session, so a client that keeps calling stays online without a gap.
 */
export const ONLINE_SECONDS = 300;

export const STATUS_EMPTY: UserStatus = Object.freeze({ _: 'userStatusEmpty' });

/** Who may see a user's presence and what they are shown (docs/api.md, "Presence"). */
export interface StatusSighting {
  /** The user constructor the viewer is shown for the subject. */
  readonly kind: UserKind;
  /** Block (subject, viewer): the subject blocked the viewer. */
  readonly blockedBySubject: boolean;
  /** The subject's last recorded call, unix seconds; undefined if it never made one. */
  readonly lastSeen: number | undefined;
  /** Now, unix seconds. */
  readonly now: number;
}

/**
 * Presence follows the link: it is shown only where the subject's phone is visible to the viewer
 * (oneself, a contact, a reveal) and never to someone the subject blocked, as Telegram hides the
 * last-seen time from blocked users.
 */
export function visibleStatus({ kind, blockedBySubject, lastSeen, now }: StatusSighting): UserStatus {
  if (!KINDS_WITH_PHONE.has(kind) || blockedBySubject || lastSeen === undefined) return STATUS_EMPTY;
  const expires = lastSeen + ONLINE_SECONDS;
  return now < expires ? { _: 'userStatusOnline', expires } : { _: 'userStatusOffline', was_online: lastSeen };
}

/** `contactStatus.expires` of the old layers: until when the user is online, or when it was last online. */
export function statusExpires(status: UserStatus): number | undefined {
  switch (status._) {
    case 'userStatusOnline':
      return status.expires;
    case 'userStatusOffline':
      return status.was_online;
    case 'userStatusEmpty':
      return undefined;
  }
}
