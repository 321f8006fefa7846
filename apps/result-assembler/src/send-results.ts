import { EntityManager } from 'typeorm';

/** Channel the gateway listens on for finished sends; the payload is `sender:random_id`. */
export const RESULT_CHANNEL = 'send_results';

interface SendResult {
  readonly sender: number;
  readonly randomId: string;
  readonly result: Record<string, unknown>;
}

/** The senders' results a batch assembled, stored and announced with one statement each. */
export class SendResults {
  /** By notification payload; a later result for the same send replaces the earlier, as a second UPDATE would. */
  private readonly results = new Map<string, SendResult>();

  set(sender: number, randomId: string, result: Record<string, unknown>): void {
    this.results.set(`${sender}:${randomId}`, { sender, randomId, result });
  }

  async save(db: EntityManager): Promise<void> {
    if (this.results.size === 0) return;
    const results = [...this.results.values()];
    // One round trip: the UPDATE runs to completion as a WITH part; notifications go out at commit.
    await db.query(
      `WITH saved AS (
         UPDATE sends AS s SET result = u.result
         FROM unnest($1::int[], $2::text[], $3::jsonb[]) AS u(sender_id, random_id, result)
         WHERE s.sender_id = u.sender_id AND s.random_id = u.random_id)
       SELECT pg_notify($4, key) FROM unnest($5::text[]) AS key`,
      [results.map((r) => r.sender), results.map((r) => r.randomId), results.map((r) => JSON.stringify(r.result)), RESULT_CHANNEL, [...this.results.keys()]],
    );
  }
}
