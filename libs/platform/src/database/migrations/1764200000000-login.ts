import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Real login (docs/api.md): one-time codes, sessions that expire, and the counters of the phone-lookup
 * rate limits, shared by every gateway replica.
 */
export class Login1764200000000 implements MigrationInterface {
  name = 'Login1764200000000';

  async up(db: QueryRunner): Promise<void> {
    // A code is stored only as an HMAC; `phone_code_hash` is what the client holds.
    await db.query(`CREATE TABLE login_codes (
      phone_code_hash text PRIMARY KEY,
      phone text NOT NULL,
      code_hmac bytea NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE INDEX login_codes_expiry ON login_codes (expires_at)`);
    // Sessions opened before this migration had no expiry: they get the default lifetime from now.
    await db.query(`ALTER TABLE sessions ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now() + interval '180 days'`);
    await db.query(`ALTER TABLE sessions ALTER COLUMN expires_at DROP DEFAULT`);
    await db.query(`CREATE INDEX sessions_by_user ON sessions (user_id)`);
    await db.query(`CREATE INDEX sessions_expiry ON sessions (expires_at)`);
    // One row per bucket (e.g. a user's lookups) and fixed window; the count only grows within it.
    await db.query(`CREATE TABLE rate_limits (
      bucket text NOT NULL,
      window_start timestamptz NOT NULL,
      count integer NOT NULL,
      PRIMARY KEY (bucket, window_start))`);
    await db.query(`CREATE INDEX rate_limits_age ON rate_limits (window_start)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limits`);
    await db.query(`DROP INDEX sessions_expiry`);
    await db.query(`DROP INDEX sessions_by_user`);
    await db.query(`ALTER TABLE sessions DROP COLUMN expires_at`);
    await db.query(`DROP TABLE login_codes`);
  }
}
