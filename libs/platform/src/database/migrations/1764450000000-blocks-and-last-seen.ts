import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each block began (contacts.getBlocked lists it as `contactBlocked.date`; folded from the
 * UserBlocked event's time, so a replay gives the same value) and when each user last called the
 * API (`last_seen`, written by the gateway at most once a minute per session; presence is not a
 * link fact and is not replayed).
 */
export class BlocksAndLastSeen1764450000000 implements MigrationInterface {
  name = 'BlocksAndLastSeen1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE link_sides ADD COLUMN blocked_at timestamptz`);
    await db.query(`CREATE INDEX link_sides_blocked ON link_sides (owner_id, blocked_at) WHERE blocked`);
    await db.query(`CREATE TABLE last_seen (
      user_id integer PRIMARY KEY,
      seen_at timestamptz NOT NULL)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE last_seen`);
    await db.query(`DROP INDEX link_sides_blocked`);
    await db.query(`ALTER TABLE link_sides DROP COLUMN blocked_at`);
  }
}
