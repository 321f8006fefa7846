import { MigrationInterface, QueryRunner } from 'typeorm';

/** The JSON columns the services write on every send and only read back whole. */
const BODY_COLUMNS = [
  ['messages', 'body'],
  ['feed', 'body'],
  ['feed', 'users'],
  ['sends', 'events'],
  ['sends', 'result'],
] as const;

/**
 * Message, feed and send bodies as `json` instead of `jsonb`: nothing queries inside them (one
 * `->>` on a result's constructor, which `json` has too), and `json` input only checks the text
 * where `jsonb` builds its binary form, which made the assembler's fold about a quarter faster
 * (bench/README "The assembler's writes"). The rewrite holds each table's lock for as long as it
 * takes: run it in a maintenance window on large tables.
 */
export class JsonBodies1764600000000 implements MigrationInterface {
  name = 'JsonBodies1764600000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, column] of BODY_COLUMNS) {
      await db.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE json USING ${column}::json`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table, column] of BODY_COLUMNS) {
      await db.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE jsonb USING ${column}::jsonb`);
    }
  }
}
