import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Tokens are random; only their SHA-256 is stored, so a database leak grants no session. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Sessions remembered per gateway process; the oldest is forgotten first beyond this. */
const CACHED_SESSIONS = 10_000;

@Injectable()
export class Sessions {
  /**
   * Token hash → user. Sessions are never revoked or reassigned, so a session once found stays
   * valid and caching it saves a query on every call; unknown tokens are not cached (their sign-in
   * may still be committing).
   */
  private readonly known = new Map<string, number>();

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
    const hash = hashToken(token);
    const key = hash.toString('hex');
    const cached = this.known.get(key);
    if (cached !== undefined) return cached;
    const rows: { user_id: number }[] = await this.dataSource.query(`SELECT user_id FROM sessions WHERE token_hash = $1`, [hash]);
    const userId = rows[0]?.user_id;
    if (userId !== undefined) this.remember(key, userId);
    return userId;
  }

  private remember(key: string, userId: number): void {
    if (this.known.size >= CACHED_SESSIONS) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, userId);
  }
}
