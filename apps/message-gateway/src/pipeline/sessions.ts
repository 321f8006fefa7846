import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Tokens are random; only their SHA-256 is stored, so a database leak grants no session. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

@Injectable()
export class Sessions {
  constructor(private readonly dataSource: DataSource) {}

  async open(db: EntityManager, userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await db.query(`INSERT INTO sessions (token_hash, user_id) VALUES ($1, $2)`, [hashToken(token), userId]);
    return token;
  }

  /** The user an `Authorization: Bearer <token>` header belongs to, or undefined. */
  async userOfHeader(authorization: string | undefined): Promise<number | undefined> {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
    return match ? this.userOf(match[1]) : undefined;
  }

  /** The user a bearer token belongs to, or undefined. */
  async userOf(token: string): Promise<number | undefined> {
    if (token.length > 200) return undefined;
    const rows: { user_id: number }[] = await this.dataSource.query(`SELECT user_id FROM sessions WHERE token_hash = $1`, [hashToken(token)]);
    return rows[0]?.user_id;
  }
}
