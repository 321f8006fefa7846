import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: identity, link projection, chats, mailboxes and the exactly-once ledgers. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE user_ids START 100000`);
    await db.query(`CREATE SEQUENCE chat_ids START 1`);
    await db.query(`CREATE TABLE users (
      id integer PRIMARY KEY,
      phone text NOT NULL UNIQUE,
      first_name text NOT NULL,
      last_name text NOT NULL,
      deleted boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE TABLE sessions (
      token_hash bytea PRIMARY KEY,
      user_id integer NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now())`);
    // One row per direction: what owner holds about peer (docs/link-rules.md).
    await db.query(`CREATE TABLE link_sides (
      owner_id integer NOT NULL,
      peer_id integer NOT NULL,
      has_contact boolean NOT NULL DEFAULT false,
      phone_revealed boolean NOT NULL DEFAULT false,
      blocked boolean NOT NULL DEFAULT false,
      revealed_by uuid,
      updated_by uuid NOT NULL,
      PRIMARY KEY (owner_id, peer_id))`);
    await db.query(`CREATE INDEX link_sides_contacts ON link_sides (owner_id) WHERE has_contact`);
    await db.query(`CREATE TABLE chats (
      id integer PRIMARY KEY,
      title text NOT NULL,
      creator_id integer NOT NULL,
      member_ids integer[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`CREATE TABLE processed_events (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id))`);
    await db.query(`CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      source text NOT NULL,
      topic text NOT NULL,
      key text NOT NULL,
      event_id uuid NOT NULL UNIQUE,
      value bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz)`);
    await db.query(`CREATE INDEX outbox_unpublished ON outbox (source, id) WHERE published_at IS NULL`);
    await db.query(`CREATE TABLE sends (
      sender_id integer NOT NULL,
      random_id text NOT NULL,
      event_id uuid NOT NULL,
      request_hash text NOT NULL,
      events jsonb NOT NULL,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sender_id, random_id))`);
    await db.query(`CREATE TABLE mailboxes (
      user_id integer PRIMARY KEY,
      pts integer NOT NULL DEFAULT 0,
      seq integer NOT NULL DEFAULT 0,
      last_message_id integer NOT NULL DEFAULT 0)`);
    await db.query(`CREATE TABLE messages (
      user_id integer NOT NULL,
      id integer NOT NULL,
      peer_kind text NOT NULL,
      peer_id integer NOT NULL,
      body jsonb NOT NULL,
      PRIMARY KEY (user_id, id))`);
    await db.query(`CREATE INDEX messages_by_peer ON messages (user_id, peer_kind, peer_id, id DESC)`);
    // The updates feed: one row per pts; a message or an updateContactLink with the users it needs.
    await db.query(`CREATE TABLE feed (
      user_id integer NOT NULL,
      pts integer NOT NULL,
      date integer NOT NULL,
      kind text NOT NULL,
      body jsonb NOT NULL,
      users jsonb NOT NULL,
      PRIMARY KEY (user_id, pts))`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'feed',
      'messages',
      'mailboxes',
      'sends',
      'outbox',
      'processed_events',
      'chats',
      'link_sides',
      'sessions',
      'users',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP SEQUENCE chat_ids`);
    await db.query(`DROP SEQUENCE user_ids`);
  }
}
