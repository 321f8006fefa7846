import {
  PairState,
  SavedName,
  UserKind,
  UserProfile,
  linkView,
  pairKey,
  renderUser,
  sideOf,
  userKindWithoutPair,
  visibleStatus,
} from '@app/links';
import type { User, UserStatus } from '@app/tl';
import type { Sighting, UserRenderer } from '@app/projection';
import { Sql } from './database/sql';
import { contactNames } from './stores/contact-names';
import { linkSides } from './stores/link-sides';
import { users } from './stores/users';

export type { Sighting } from '@app/projection';

/**
 * What rendering needs for a set of (viewer, user) pairs, read with three set-based queries: the
 * users' profiles with their last calls, the link facts between each viewer and user, and the
 * names each viewer saved for its contacts among them. Rendering from it is then pure,
 * so a consumer batch reads once for all its events instead of twice per users vector.
 */
export class UserSnapshot implements UserRenderer {
  private constructor(
    private readonly profiles: ReadonlyMap<number, UserProfile>,
    private readonly pairs: ReadonlyMap<string, PairState>,
    private readonly lastSeen: ReadonlyMap<number, number>,
    private readonly loaded: ReadonlySet<string>,
    private readonly savedNames: ReadonlyMap<string, SavedName>,
    private readonly secret: string,
  ) {}

  static async load(db: Sql, sightings: readonly Sighting[], secret: string): Promise<UserSnapshot> {
    const { profiles, lastSeen } = await users.profilesSeen(db, [...new Set(sightings.map(([, subject]) => subject))]);
    const pairs = await linkSides.pairs(db, sightings);
    const savedNames = await contactNames.of(db, sightings);
    return new UserSnapshot(
      new Map(profiles.map((profile) => [profile.id, profile])),
      pairs,
      lastSeen,
      new Set(sightings.map(([viewer, subject]) => `${viewer}>${subject}`)),
      savedNames,
      secret,
    );
  }

  /** Users vector for `viewer` (unknown users left out); `known` pins kinds already decided (e.g. by a LinkChanged event). */
  render(viewer: number, subjects: readonly number[], known: ReadonlyMap<number, UserKind> = new Map()): User[] {
    const unique = [...new Set(subjects)];
    unique.forEach((id) => this.assertLoaded(viewer, id));
    return unique
      .filter((id) => this.profiles.has(id))
      .map((id) => {
        const kind = known.get(id) ?? this.kind(viewer, id);
        const saved = this.savedNames.get(`${viewer}>${id}`);
        return renderUser(kind, this.profiles.get(id)!, viewer, this.secret, this.statusOf(viewer, id, kind), saved);
      });
  }

  /** The presence `viewer` may see of `subject` (visibleStatus), as of now. */
  status(viewer: number, subject: number): UserStatus {
    this.assertLoaded(viewer, subject);
    return this.statusOf(viewer, subject, this.kind(viewer, subject));
  }

  private statusOf(viewer: number, subject: number, kind: UserKind): UserStatus {
    const blockedBySubject = viewer !== subject && sideOf(this.pairs.get(pairKey(viewer, subject))!, subject).blocked;
    return visibleStatus({ kind, blockedBySubject, lastSeen: this.lastSeen.get(subject), now: Math.floor(Date.now() / 1000) });
  }

  /** Rendering what was not read would silently show a stranger: a caller's bug, not an empty answer. */
  private assertLoaded(viewer: number, subject: number): void {
    if (!this.loaded.has(`${viewer}>${subject}`)) throw new Error(`user ${subject} as seen by ${viewer} was not loaded into this snapshot`);
  }

  /** The user constructor kind `viewer` sees for `subject`, per docs/views-by-layer.md. */
  private kind(viewer: number, subject: number): UserKind {
    const fixed = userKindWithoutPair(viewer, subject, this.profiles.get(subject)?.deleted ?? false);
    if (fixed) return fixed;
    return linkView(this.pairs.get(pairKey(viewer, subject))!, viewer).userKind;
  }
}
