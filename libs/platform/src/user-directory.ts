import { Inject, Injectable } from '@nestjs/common';
import { UserKind, linkView } from '@app/links';
import type { ContactsLink, User } from '@app/tl';
import { AppConfig } from './config';
import { Sql } from './database/sql';
import { CONFIG } from './event-log/tokens';
import { linkSides } from './stores/link-sides';
import { Sighting, UserSnapshot } from './user-snapshot';

/** Renders users as one viewer may see them, from the user table and the link projection. */
@Injectable()
export class UserDirectory {
  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}

  /** Reads, in two queries, what rendering every given (viewer, user) pair needs. */
  snapshot(db: Sql, sightings: readonly Sighting[]): Promise<UserSnapshot> {
    return UserSnapshot.load(db, sightings, this.config.accessHashSecret);
  }

  /** `contacts.link` of owner about peer, as it stands now. */
  async contactLink(db: Sql, owner: number, peer: number): Promise<ContactsLink> {
    const view = linkView(await linkSides.pair(db, owner, peer), owner);
    const [user] = await this.render(db, owner, [peer], new Map([[peer, view.userKind]]));
    return { _: 'contacts.link', my_link: view.myLink, foreign_link: view.foreignLink, user };
  }

  /** Users vector for `viewer`; `known` pins kinds already decided (e.g. by a LinkChanged event). */
  async render(db: Sql, viewer: number, subjects: readonly number[], known: ReadonlyMap<number, UserKind> = new Map()): Promise<User[]> {
    const snapshot = await this.snapshot(
      db,
      subjects.map((subject) => [viewer, subject] as const),
    );
    return snapshot.render(viewer, subjects, known);
  }
}
