import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending contacts: phones an owner imported before they had an account, with the owner's name
 * for each, folded by the projector from PendingContactImported; when the phone signs up they
 * become Contacts and leave this table (looked up by phone then).
 */
export class PendingContacts1764510000000 implements MigrationInterface {
  name = 'PendingContacts1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE pending_contacts (
      owner_id integer NOT NULL,
      phone text NOT NULL,
      first_name text NOT NULL,
      last_name text NOT NULL,
      imported_by uuid NOT NULL,
      PRIMARY KEY (owner_id, phone))`);
    await db.query(`CREATE INDEX pending_contacts_by_phone ON pending_contacts (phone)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE pending_contacts`);
  }
}
