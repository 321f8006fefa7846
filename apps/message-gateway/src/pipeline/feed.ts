import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface FeedRow {
  readonly pts: number;
  readonly date: number;
  readonly kind: 'message' | 'link';
  readonly body: Record<string, unknown>;
  readonly users: Record<string, unknown>[];
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

  after(userId: number, pts: number, limit: number): Promise<FeedRow[]> {
    return this.dataSource.query(`SELECT pts, date, kind, body, users FROM feed WHERE user_id = $1 AND pts > $2 ORDER BY pts LIMIT $3`, [userId, pts, limit]);
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
