import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The name each owner saved for a contact (inputPhoneContact.first_name/last_name), folded from
 * ContactImported by the projector: the owner's userContact of that user shows it, nobody else's.
 */
export class ContactNames1764500000000 implements MigrationInterface {
  name = 'ContactNames1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE contact_names (
      owner_id integer NOT NULL,
      peer_id integer NOT NULL,
      first_name text,
      last_name text,
      updated_by uuid NOT NULL,
      PRIMARY KEY (owner_id, peer_id))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE contact_names`);
  }
}
