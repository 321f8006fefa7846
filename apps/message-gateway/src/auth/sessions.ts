import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CHANNELS } from '@app/events';
import { AppConfig, CONFIG, pruneRows } from '@app/platform';
import { Notifications } from '../pipeline/notifications';

/** Tokens are random; only their SHA-256 is stored, so a database leak grants no session. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The session a call is made in. */
export interface SessionRef {
  readonly userId: number;
  readonly tokenHash: Buffer;
  /** What a call in it that states no layer is served in: the last layer one stated (docs/api.md). */
  readonly layer: number;
}

/**
 * A cached session is trusted this long at most. Revocations and layer changes reach every replica
 * at once through CHANNELS.sessionsChanged (and a lost LISTEN connection clears the cache when it
 * is back); this bound only limits how long a cache could be wrong should both fail.
 */
const CACHE_MS = 60_000;
/** Sessions remembered per gateway process; the oldest is forgotten first beyond this. */
const CACHED_SESSIONS = 10_000;

interface Cached {
  readonly userId: number;
  readonly layer: number;
  readonly expiresAt: number;
  readonly checkedAt: number;
}

/**
 * Bearer sessions (`sessions`): opened by signIn/signUp, expiring, revoked by logOut and
 * resetAuthorizations, each keeping the layer its calls last stated.
 */
@Injectable()
export class Sessions implements OnModuleInit {
  /** Token hash (hex) → user and layer; a revocation or layer change anywhere removes its entry here. */
  private readonly known = new Map<string, Cached>();
  /**
   * Counts the entries forgotten on notice: a read that overlapped one may hold what the notice
   * replaced, so it answers its call but is not cached.
   */
  private forgotten = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: Notifications,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.notifications.subscribeToChannel(CHANNELS.sessionsChanged, (tokenHash) => this.forget(() => this.known.delete(tokenHash)));
    this.notifications.subscribeToGaps(() => this.forget(() => this.known.clear()));
  }

  /** A new session for the user, in `layer`: a 256-bit random token and its expiry (unix seconds). */
  async open(db: EntityManager, userId: number, layer: number): Promise<{ token: string; expires: number }> {
    const token = randomBytes(32).toString('base64url');
    const [{ expires }]: { expires: number }[] = await db.query(
      `INSERT INTO sessions (token_hash, user_id, expires_at, layer) VALUES ($1, $2, now() + make_interval(secs => $3), $4)
       RETURNING extract(epoch FROM expires_at)::int AS expires`,
      [hashToken(token), userId, this.config.auth.sessionTtlSeconds, layer],
    );
    return { token, expires };
  }

  /** The session an `Authorization: Bearer <token>` header opens, or undefined. */
  async ofHeader(authorization: string | undefined): Promise<SessionRef | undefined> {
    const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '');
    return match ? this.of(match[1]) : undefined;
  }

  of(token: string): Promise<SessionRef | undefined> {
    return this.byHash(hashToken(token));
  }

  /** Whether a session found earlier still holds (e.g. for a stream that stays open): revocation ends it within a second. */
  async isOpen(session: SessionRef): Promise<boolean> {
    return (await this.byHash(session.tokenHash)) !== undefined;
  }

  private async byHash(tokenHash: Buffer): Promise<SessionRef | undefined> {
    const key = tokenHash.toString('hex');
    const now = Date.now();
    const cached = this.known.get(key);
    if (cached && now - cached.checkedAt < CACHE_MS && now < cached.expiresAt)
      return { userId: cached.userId, tokenHash, layer: cached.layer };
    this.known.delete(key);
    const forgottenBefore = this.forgotten;
    const [row]: { user_id: number; layer: number; expires_at: Date }[] = await this.dataSource.query(
      `SELECT user_id, layer, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > now()`,
      [tokenHash],
    );
    if (!row) return undefined;
    if (this.forgotten === forgottenBefore) {
      this.remember(key, { userId: row.user_id, layer: row.layer, expiresAt: row.expires_at.getTime(), checkedAt: now });
    }
    return { userId: row.user_id, tokenHash, layer: row.layer };
  }

  /**
   * The session's layer from now on, on every replica: this one's cache at once, the others' by
   * notice (they read it again on the session's next call there). Stating the layer it already
   * has writes nothing, so a client that sends its layer with every call costs no write.
   */
  async keepLayer(session: SessionRef, layer: number): Promise<void> {
    if (session.layer === layer) return;
    await this.dataSource.query(
      `WITH changed AS (
         UPDATE sessions SET layer = $2 WHERE token_hash = $1 AND layer <> $2 RETURNING encode(token_hash, 'hex') AS token_hash)
       SELECT pg_notify('${CHANNELS.sessionsChanged}', token_hash) FROM changed`,
      [session.tokenHash, layer],
    );
    const key = session.tokenHash.toString('hex');
    const cached = this.known.get(key);
    if (cached) this.known.set(key, { ...cached, layer });
  }

  /** auth.logOut: this session ends, on every replica at once. */
  revoke(session: SessionRef): Promise<void> {
    return this.revokeWhere(`token_hash = $1`, [session.tokenHash]);
  }

  /** auth.resetAuthorizations: every other session of the user ends, on every replica at once. */
  revokeOthers(session: SessionRef): Promise<void> {
    return this.revokeWhere(`user_id = $1 AND token_hash <> $2`, [session.userId, session.tokenHash]);
  }

  /** Deletes sessions and announces each (delivered at commit to every replica, this one included). */
  private async revokeWhere(condition: string, parameters: unknown[]): Promise<void> {
    const gone: { token_hash: string }[] = await this.dataSource.query(
      `WITH gone AS (DELETE FROM sessions WHERE ${condition} RETURNING encode(token_hash, 'hex') AS token_hash)
       SELECT token_hash, pg_notify('${CHANNELS.sessionsChanged}', token_hash) FROM gone`,
      parameters,
    );
    gone.forEach(({ token_hash }) => this.known.delete(token_hash));
  }

  /** Expired sessions refuse every call anyway; at most `limit` per call. */
  async prune(limit = 10_000): Promise<number> {
    return pruneRows(this.dataSource, 'sessions', 'expires_at < now()', limit);
  }

  private forget(drop: () => void): void {
    this.forgotten++;
    drop();
  }

  private remember(key: string, entry: Cached): void {
    if (this.known.size >= CACHED_SESSIONS) this.known.delete(this.known.keys().next().value!);
    this.known.set(key, entry);
  }
}
