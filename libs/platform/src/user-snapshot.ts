import { EntityManager } from 'typeorm';
import { UserKind, UserProfile, linkView, renderUser, userKindWithoutPair } from '@app/links';
import { LinkSideRow, pairFromRows } from './pair-store';

/** A viewer and a user shown to it. */
export type Sighting = readonly [viewer: number, subject: number];

type SideRow = LinkSideRow & { peer_id: number };

/**
 * What rendering needs for a set of (viewer, user) pairs, read with two set-based queries: the
 * users' profiles and the `link_sides` rows between each viewer and user. Rendering from it is
 * then pure, so a consumer batch reads once for all its events instead of twice per users vector.
 */
export class UserSnapshot {
  private constructor(
    private readonly profiles: ReadonlyMap<number, UserProfile>,
    private readonly sides: ReadonlyMap<string, SideRow>,
    private readonly loaded: ReadonlySet<string>,
    private readonly secret: string,
  ) {}

  static async load(db: EntityManager, sightings: readonly Sighting[], secret: string): Promise<UserSnapshot> {
    const subjects = [...new Set(sightings.map(([, subject]) => subject))];
    const profiles: UserProfile[] =
      subjects.length === 0
        ? []
        : await db.query(`SELECT id, phone, first_name, last_name, deleted FROM users WHERE id = ANY($1::int[])`, [subjects]);
    // A pair's kind depends on both directions' rows, so each unordered pair is read both ways.
    const pairs = new Map<string, readonly [number, number]>();
    for (const [viewer, subject] of sightings) {
      if (viewer === subject) continue;
      const low = Math.min(viewer, subject);
      const high = Math.max(viewer, subject);
      pairs.set(`${low}:${high}`, [low, high]);
    }
    const rows: SideRow[] =
      pairs.size === 0
        ? []
        : await db.query(
            `SELECT owner_id, peer_id, has_contact, phone_revealed, blocked FROM link_sides
       WHERE (owner_id, peer_id) IN (SELECT * FROM unnest($1::int[], $2::int[]))`,
            [[...pairs.values()].flatMap(([low, high]) => [low, high]), [...pairs.values()].flatMap(([low, high]) => [high, low])],
          );
    return new UserSnapshot(
      new Map(profiles.map((profile) => [profile.id, profile])),
      new Map(rows.map((row) => [`${row.owner_id}>${row.peer_id}`, row])),
      new Set(sightings.map(([viewer, subject]) => `${viewer}>${subject}`)),
      secret,
    );
  }

  /** Users vector for `viewer` (unknown users left out); `known` pins kinds already decided (e.g. by a LinkChanged event). */
  render(viewer: number, subjects: readonly number[], known: ReadonlyMap<number, UserKind> = new Map()): Record<string, unknown>[] {
    const unique = [...new Set(subjects)];
    const missing = unique.find((id) => !this.loaded.has(`${viewer}>${id}`));
    // Rendering what was not read would silently show a stranger: a caller's bug, not an empty answer.
    if (missing !== undefined) throw new Error(`user ${missing} as seen by ${viewer} was not loaded into this snapshot`);
    return unique
      .filter((id) => this.profiles.has(id))
      .map((id) => renderUser(known.get(id) ?? this.kind(viewer, id), this.profiles.get(id)!, viewer, this.secret));
  }

  /** The user constructor kind `viewer` sees for `subject`, per SPEC §3. */
  private kind(viewer: number, subject: number): UserKind {
    const fixed = userKindWithoutPair(viewer, subject, this.profiles.get(subject)?.deleted ?? false);
    if (fixed) return fixed;
    const rows = [this.sides.get(`${viewer}>${subject}`), this.sides.get(`${subject}>${viewer}`)].filter((row) => row !== undefined);
    return linkView(pairFromRows(rows, viewer, subject), viewer).userKind;
  }
}
