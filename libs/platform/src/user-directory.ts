import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserKind, UserProfile, linkView, renderUser, userKindWithoutPair } from '@app/links';
import { AppConfig } from './config';
import { CONFIG } from './service-core.module';
import { LinkSideRow, loadPair, pairFromRows } from './pair-store';

/** Renders users as one viewer may see them, from the user table and the link projection. */
@Injectable()
export class UserDirectory {
  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

  async profiles(db: EntityManager, ids: readonly number[]): Promise<Map<number, UserProfile>> {
    const rows: UserProfile[] = await db.query(
      `SELECT id, phone, first_name, last_name, deleted FROM users WHERE id = ANY($1::int[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** `contacts.link` of owner about peer, as it stands now. */
  async contactLink(db: EntityManager, owner: number, peer: number): Promise<Record<string, unknown>> {
    const view = linkView(await loadPair(db, owner, peer), owner);
    const [user] = await this.render(db, owner, [peer], new Map([[peer, view.userKind]]));
    return { _: 'contacts.link', my_link: view.myLink, foreign_link: view.foreignLink, user };
  }

  /** The user constructor kind `viewer` sees for each subject, per SPEC §3. */
  async kinds(db: EntityManager, viewer: number, subjects: readonly number[], profiles: Map<number, UserProfile>): Promise<Map<number, UserKind>> {
    const others = [...new Set(subjects)].filter((id) => id !== viewer);
    const rows: LinkSideRow[] = await db.query(
      `SELECT owner_id, peer_id, has_contact, phone_revealed, blocked FROM link_sides
       WHERE (owner_id = $1 AND peer_id = ANY($2::int[])) OR (peer_id = $1 AND owner_id = ANY($2::int[]))`,
      [viewer, others],
    );
    const kinds = new Map<number, UserKind>();
    for (const subject of new Set(subjects)) {
      const fixed = userKindWithoutPair(viewer, subject, profiles.get(subject)?.deleted ?? false);
      if (fixed) {
        kinds.set(subject, fixed);
        continue;
      }
      kinds.set(subject, linkView(pairFromRows(rows, viewer, subject), viewer).userKind);
    }
    return kinds;
  }

  /** Users vector for `viewer`; `known` pins kinds already decided (e.g. by a LinkChanged event). */
  async render(db: EntityManager, viewer: number, subjects: readonly number[], known: ReadonlyMap<number, UserKind> = new Map()): Promise<Record<string, unknown>[]> {
    const unique = [...new Set(subjects)];
    const profiles = await this.profiles(db, unique);
    const kinds = await this.kinds(db, viewer, unique.filter((id) => !known.has(id)), profiles);
    return unique
      .filter((id) => profiles.has(id))
      .map((id) => renderUser(known.get(id) ?? kinds.get(id) ?? 'userForeign', profiles.get(id)!, viewer, this.config.accessHashSecret));
  }
}
