import { CHANNELS, noticePayload, sendResultKey } from '@app/events';
import { UserId } from '@app/links';
import { Sql } from '../database/sql';
import { pruneRows } from '../database/prune-rows';
import { StatementPart, runTogether } from '../database/statement-parts';
import { arrayLiteral } from '../database/array-literal';

/** A send as recorded: the request's hash, the events it publishes (null for a first attempt's answer), its result once assembled. */
export interface StoredSend<Result = Record<string, unknown>> {
  readonly request_hash: string;
  readonly events: unknown[] | null;
  readonly result: Result | null;
}

/** A send to record: its first attempt's event id, request hash and events. */
export interface NewSend {
  readonly sender: UserId;
  readonly randomId: string;
  readonly eventId: string;
  readonly requestHash: string;
  readonly events: readonly unknown[];
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
  async record<R>(db: Sql, send: NewSend): Promise<StoredSend<R> | undefined> {
    return (await this.recordMany<R>(db, [send]))[0];
  },

  /**
   * `record` for several sends in one statement (the gateway's group commit), one answer per send
   * in order. Each (sender, random_id) may appear once.
   */
  async recordMany<R>(db: Sql, batch: readonly NewSend[]): Promise<(StoredSend<R> | undefined)[]> {
    const rows: (StoredSend<R> & { n: string; fresh: boolean; stored: boolean })[] = await db.query(
      `WITH input AS (
         SELECT * FROM unnest($1::int[], $2::text[], $3::uuid[], $4::text[], $5::json[])
           WITH ORDINALITY AS i(sender_id, random_id, event_id, request_hash, events, n)),
       inserted AS (
         INSERT INTO sends (sender_id, random_id, event_id, request_hash, events)
         SELECT sender_id, random_id, event_id, request_hash, events FROM input ORDER BY n
         ON CONFLICT DO NOTHING RETURNING sender_id, random_id)
       SELECT i.n, ins.sender_id IS NOT NULL AS fresh, coalesce(s.request_hash, i.request_hash) AS request_hash,
              s.events, s.result, s.sender_id IS NOT NULL AS stored
       FROM input i
       LEFT JOIN inserted ins ON ins.sender_id = i.sender_id AND ins.random_id = i.random_id
       LEFT JOIN sends s ON ins.sender_id IS NULL AND s.sender_id = i.sender_id AND s.random_id = i.random_id`,
      [
        batch.map((s) => s.sender),
        batch.map((s) => s.randomId),
        batch.map((s) => s.eventId),
        batch.map((s) => s.requestHash),
        batch.map((s) => JSON.stringify(s.events)),
      ].map(arrayLiteral),
    );
    const answers: (StoredSend<R> | undefined)[] = new Array(batch.length).fill(undefined);
    for (const row of rows) {
      if (row.fresh) answers[Number(row.n) - 1] = { request_hash: row.request_hash, events: null, result: null };
      else if (row.stored) answers[Number(row.n) - 1] = { request_hash: row.request_hash, events: row.events, result: row.result };
    }
    return answers;
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
  saveResults(db: Sql, results: readonly SendResult[], options: { announce?: boolean } = {}): Promise<void> {
    return runTogether(db, [this.saveResultsPart(results, options)]);
  },

  /** `saveResults` as a part of a batch's one statement. */
  saveResultsPart(results: readonly SendResult[], { announce = true } = {}): StatementPart | undefined {
    if (results.length === 0) return undefined;
    const json = results.map((r) => JSON.stringify(r.result));
    return {
      modifies: (p) => [
        `UPDATE sends AS s SET result = u.result
         FROM unnest(${p.add(results.map((r) => r.sender))}::int[], ${p.add(results.map((r) => r.randomId))}::text[],
           ${p.add(json)}::json[]) AS u(sender_id, random_id, result)
         WHERE s.sender_id = u.sender_id AND s.random_id = u.random_id AND (s.result IS NULL OR (u.result->>'_') <> 'rpc_error')`,
      ],
      // A result rides in the notification when it fits: the waiting call answers without reading it back. An
      // error does not (it may not be stored: it never replaces a result), so its waiter reads what is.
      selects: announce
        ? (p) =>
            `SELECT pg_notify(${p.add(CHANNELS.sendResults)}, payload) FROM unnest(${p.add(
              results.map((r, i) => noticePayload(sendResultKey(r.sender, r.randomId), r.result._ === 'rpc_error' ? undefined : json[i])),
            )}::text[]) AS payload`
        : undefined,
    };
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
