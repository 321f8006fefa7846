import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FeedRow {
  readonly pts: number;
  readonly date: number;
  readonly kind: 'message' | 'link';
  readonly body: Record<string, unknown>;
  readonly users: Record<string, unknown>[];
}

/** How much of a feed one read may return. */
export interface FeedPage {
  readonly rows: number;
  readonly bytes: number;
}

/** Reads a user's updates feed (written by the result-assembler) in pts order. */
@Injectable()
export class Feed {
  constructor(private readonly dataSource: DataSource) {}

  state(userId: number): Promise<{ pts: number; seq: number }> {
    return this.dataSource
      .query(`SELECT pts, seq FROM mailboxes WHERE user_id = $1`, [userId])
      .then((rows: { pts: number; seq: number }[]) => rows[0] ?? { pts: 0, seq: 0 });
  }

  /**
   * Entries after `pts` in pts order, at most `rows` of them and about `bytes` of JSON: the
   * database stops at the first entry that starts past the budget, so at least one entry comes
   * back however large, and a reader never holds more than the budget and one entry.
   */
  after(userId: number, pts: number, { rows, bytes }: FeedPage): Promise<FeedRow[]> {
    return this.dataSource.query(
      `SELECT pts, date, kind, body, users FROM (
         SELECT pts, date, kind, body, users,
           sum(octet_length(body::text) + octet_length(users::text)) OVER (ORDER BY pts) - octet_length(body::text) - octet_length(users::text) AS before
         FROM (SELECT * FROM feed WHERE user_id = $1 AND pts > $2 ORDER BY pts LIMIT $3) page) sized
       WHERE before < $4 ORDER BY pts`,
      [userId, pts, rows, bytes],
    );
  }
}

/** A feed entry as a TL Update: messages become updateNewMessage with their pts. */
export function asUpdate(row: FeedRow): Record<string, unknown> {
  return row.kind === 'message' ? { _: 'updateNewMessage', message: row.body, pts: row.pts } : row.body;
}

/** Users of several entries, one per id; later entries show the newer view. */
export function mergeUsers(rows: readonly FeedRow[]): Record<string, unknown>[] {
  const byId = new Map<unknown, Record<string, unknown>>();
  for (const row of rows) for (const user of row.users) byId.set(user.id, user);
  return [...byId.values()];
}
