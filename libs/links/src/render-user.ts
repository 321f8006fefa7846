import type { User, UserStatus } from '@app/tl';
import { accessHash } from './access-hash';
import { UserKind } from './link-view';
import { UserId } from './pair';
import { STATUS_EMPTY } from './user-status';

export interface UserProfile {
  readonly id: UserId;
  readonly phone: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly deleted: boolean;
}

const photo = { _: 'userProfilePhotoEmpty' } as const;

/** The name an owner saved for a contact in its import. */
export type SavedName = Pick<UserProfile, 'first_name' | 'last_name'>;

/**
 * The layer 1–3 User constructor for `kind`; the phone is present only where the kind carries it,
 * `status` is what visibleStatus allows. A userContact shows the name the viewer saved for it, if
 * it saved one (Telegram shows a contact under the name you gave it); every other kind the user's own.
 */
export function renderUser(
  kind: UserKind,
  user: UserProfile,
  viewer: UserId,
  secret: string,
  status: UserStatus = STATUS_EMPTY,
  saved?: SavedName,
): User {
  const { id, phone } = user;
  const { first_name, last_name } = kind === 'userContact' && saved ? saved : user;
  switch (kind) {
    case 'userSelf':
      return { _: 'userSelf', id, first_name, last_name, phone, photo, status, inactive: false };
    case 'userDeleted':
      return { _: 'userDeleted', id, first_name, last_name };
    case 'userContact':
    case 'userRequest':
      return { _: kind, id, first_name, last_name, access_hash: accessHash(secret, viewer, id), phone, photo, status };
    case 'userForeign':
      return { _: 'userForeign', id, first_name, last_name, access_hash: accessHash(secret, viewer, id), photo, status };
  }
}
