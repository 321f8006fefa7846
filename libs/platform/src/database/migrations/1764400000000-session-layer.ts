import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The layer is a property of the session (docs/api.md): the last layer a call in it stated, which
 * calls that state none are served in. Sessions opened before this migration never stated one: 1.
 */
export class SessionLayer1764400000000 implements MigrationInterface {
  name = 'SessionLayer1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sessions ADD COLUMN layer smallint NOT NULL DEFAULT 1`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE sessions DROP COLUMN layer`);
  }
}
