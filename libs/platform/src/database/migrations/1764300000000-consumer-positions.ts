import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each consumer's applied position per partition, kept in the same transaction as what it applied:
 * a record below it was applied, whatever the log's committed offsets say (a reset group, offsets
 * expired by the broker). With it the event-id ledger only has to cover repeats at new offsets (an
 * outbox row published twice, a send's events published again by a retry), so it can be pruned by
 * age. BRIN indexes let the sweepers find old rows of the tables that grow with traffic cheaply.
 */
export class ConsumerPositions1764300000000 implements MigrationInterface {
  name = 'ConsumerPositions1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE consumer_positions (
      consumer text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      next_offset bigint NOT NULL,
      PRIMARY KEY (consumer, topic, partition))`);
    await db.query(`CREATE INDEX processed_events_age ON processed_events USING brin (processed_at)`);
    await db.query(`CREATE INDEX sends_age ON sends USING brin (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX sends_age`);
    await db.query(`DROP INDEX processed_events_age`);
    await db.query(`DROP TABLE consumer_positions`);
  }
}
