import { CHANNELS, sendResultKey } from '@app/events';
import { UserId } from '@app/links';
import { Sql } from '../database/sql';
import { pruneRows } from '../database/prune-rows';

/** A send as recorded: the request's hash, the events it publishes (null for a first attempt's answer), its result once assembled. */
export interface StoredSend<Result = Record<string, unknown>> {
  readonly request_hash: string;
  readonly events: unknown[] | null;
  readonly result: Result | null;
}

/** A result for a send, as a batch stores it. */
export interface SendResult {
  readonly sender: UserId;
  readonly randomId: string;
  readonly result: Record<string, unknown>;
}

/**
 * The sends (`sends`, one row per (sender, random_id)): their one owner. The gateway records them
 * and reads their results; the assembler (and a consumer's reject handler) stores the results.
 */
export const sends = {
  /**
   * Records a first attempt, in one statement; for a repeat, answers what is recorded. A first
   * attempt's answer has `events` null (its events are the caller's). Undefined: a concurrent first
   * attempt committed after this statement's snapshot (read it again with `stored`).
   */
  async record<R>(
    db: Sql,
    send: { sender: UserId; randomId: string; eventId: string; requestHash: string; events: readonly unknown[] },
  ): Promise<StoredSend<R> | undefined> {
    const [row]: StoredSend<R>[] = await db.query(
      `WITH inserted AS (
         INSERT INTO sends (sender_id, random_id, event_id, request_hash, events) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING request_hash)
       SELECT request_hash, NULL::jsonb AS events, NULL::jsonb AS result FROM inserted
       UNION ALL
       SELECT request_hash, events, result FROM sends WHERE sender_id = $1 AND random_id = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [send.sender, send.randomId, send.eventId, send.requestHash, JSON.stringify(send.events)],
    );
    return row;
  },

  async stored<R>(db: Sql, sender: UserId, randomId: string): Promise<StoredSend<R> | undefined> {
    const [row]: StoredSend<R>[] = await db.query(
      `SELECT request_hash, events, result FROM sends WHERE sender_id = $1 AND random_id = $2`,
      [sender, randomId],
    );
    return row;
  },

  async result<R>(db: Sql, sender: UserId, randomId: string): Promise<R | undefined> {
    const [row]: { result: R | null }[] = await db.query(`SELECT result FROM sends WHERE sender_id = $1 AND random_id = $2`, [
      sender,
      randomId,
    ]);
    return row?.result ?? undefined;
  },

  /**
   * Stores results and announces each on CHANNELS.sendResults (unless nobody waits: `announce`
   * false), in one statement (notifications go out at commit). An error result never overwrites a
   * result already there (a dead letter after the message was delivered).
   */
  async saveResults(db: Sql, results: readonly SendResult[], { announce = true } = {}): Promise<void> {
    if (results.length === 0) return;
    await db.query(
      `WITH saved AS (
         UPDATE sends AS s SET result = u.result
         FROM unnest($1::int[], $2::text[], $3::jsonb[]) AS u(sender_id, random_id, result)
         WHERE s.sender_id = u.sender_id AND s.random_id = u.random_id AND (s.result IS NULL OR (u.result->>'_') <> 'rpc_error'))
       SELECT pg_notify($4, key) FROM unnest($5::text[]) AS key`,
      [
        results.map((r) => r.sender),
        results.map((r) => r.randomId),
        results.map((r) => JSON.stringify(r.result)),
        CHANNELS.sendResults,
        announce ? results.map((r) => sendResultKey(r.sender, r.randomId)) : [],
      ],
    );
  },

  /** The message id the sender's box gave a send's message, from its result (for `ops why`). */
  async senderMessageId(db: Sql, eventId: string): Promise<number | undefined> {
    type Stored = { id?: unknown; message?: { id?: unknown }; messages?: { id?: unknown }[] };
    const [row]: { result: Stored | null }[] = await db.query(`SELECT result FROM sends WHERE event_id = $1`, [eventId]);
    const result = row?.result;
    const id = result?.id ?? result?.message?.id ?? result?.messages?.[0]?.id;
    return typeof id === 'number' ? id : undefined;
  },

  /** Sends older than `retentionMs`: a retry of one after that is a new send. */
  prune(db: Sql, retentionMs: number, limit = 10_000): Promise<number> {
    return pruneRows(db, 'sends', `created_at < now() - make_interval(secs => ${retentionMs / 1000})`, limit);
  },
};
