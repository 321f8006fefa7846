import { EntityManager } from 'typeorm';
import { Rejection } from '../event-log/consumer/consumed-batch';

/** Channel the gateway listens on for finished sends; the payload is `sender:random_id`. */
export const RESULT_CHANNEL = 'send_results';

interface SendResult {
  readonly sender: number;
  readonly randomId: string;
  readonly result: Record<string, unknown>;
}

/** The send a dead-lettered MessageSent or LinkChanged belongs to, as far as its payload can be read. */
function sendOf(rejection: Rejection): { sender: number; randomId: string } | undefined {
  const payload = rejection.payload as
    { sender_id?: unknown; random_id?: unknown; message?: { sender_id?: unknown; random_id?: unknown } } | undefined;
  const message = rejection.type === 'LinkChanged' ? payload?.message : rejection.type === 'MessageSent' ? payload : undefined;
  if (!Number.isInteger(message?.sender_id) || typeof message?.random_id !== 'string') return undefined;
  return { sender: message.sender_id as number, randomId: message.random_id };
}

/**
 * The senders' results a batch assembled, stored and announced with one statement each; and the
 * answer for a send whose event was dead-lettered (a named error, stored like a result, so the
 * waiting call and every retry of it get it instead of timing out).
 */
export class SendResults {
  /** By notification payload; a later result for the same send replaces the earlier, as a second UPDATE would. */
  private readonly results = new Map<string, SendResult>();

  set(sender: number, randomId: string, result: Record<string, unknown>): void {
    this.results.set(`${sender}:${randomId}`, { sender, randomId, result });
  }

  /** A dead-lettered send's answer: its data cannot be stored (400 MESSAGE_INVALID), or the server failed it (500 INTERNAL). */
  static failed(rejection: Rejection): SendResults {
    const results = new SendResults();
    const send = sendOf(rejection);
    const [code, name] = rejection.kind === 'data' ? [400, 'MESSAGE_INVALID'] : [500, 'INTERNAL'];
    if (send) results.set(send.sender, send.randomId, { _: 'rpc_error', error_code: code, error_message: name });
    return results;
  }

  async save(db: EntityManager): Promise<void> {
    if (this.results.size === 0) return;
    const results = [...this.results.values()];
    // One round trip: the UPDATE runs to completion as a WITH part; notifications go out at commit.
    // A send that already has its result keeps it (a dead letter never overwrites a delivered message's result).
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
        RESULT_CHANNEL,
        [...this.results.keys()],
      ],
    );
  }
}
