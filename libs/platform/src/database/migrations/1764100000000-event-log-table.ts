import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log as Postgres tables, for the embedded mode (EVENT_LOG=table): one ordered, dense
 * position per topic (the log is a single partition), and each consumer group's committed position.
 * Unused, and empty, when the log is Kafka.
 */
export class EventLogTable1764100000000 implements MigrationInterface {
  name = 'EventLogTable1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE event_log (
      topic text NOT NULL,
      position bigint NOT NULL,
      key text,
      value bytea,
      headers jsonb NOT NULL,
      appended_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (topic, position))`);
    // The next position per topic; its row lock orders appends, so positions commit in order.
    await db.query(`CREATE TABLE event_log_heads (
      topic text PRIMARY KEY,
      next_position bigint NOT NULL)`);
    await db.query(`CREATE TABLE event_log_offsets (
      consumer_group text NOT NULL,
      topic text NOT NULL,
      position bigint NOT NULL,
      committed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, topic))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_log_offsets, event_log_heads, event_log`);
  }
}
