import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, CONFIG, pruneRows } from '@app/platform';
import { CodeVerdict, codeHmac, judgeAttempt, sameHmac } from './login-code';

type AttemptRow = { attempts: number; code_hmac: Buffer; used: boolean; expired: boolean; seconds_left: number };

/**
 * The one-time login codes (`login_codes`): issued by sendCode, checked and consumed by signIn/signUp.
 * (UPDATE … RETURNING runs inside WITH: TypeORM answers a bare UPDATE with [rows, count].)
 */
@Injectable()
export class LoginCodes {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stores a new code for the phone and returns its phone_code_hash, the client's handle on it. */
  async issue(phone: string, code: string): Promise<{ phoneCodeHash: string; expiresAt: number }> {
    const phoneCodeHash = randomBytes(16).toString('hex');
    const [{ expires_at }]: { expires_at: number }[] = await this.dataSource.query(
      `INSERT INTO login_codes (phone_code_hash, phone, code_hmac, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING extract(epoch FROM expires_at)::int AS expires_at`,
      [phoneCodeHash, phone, codeHmac(this.config.accessHashSecret, phoneCodeHash, code), this.config.auth.loginCodeTtlSeconds],
    );
    return { phoneCodeHash, expiresAt: expires_at };
  }

  /** A code that never reached its phone cannot be used. */
  async discard(phoneCodeHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_codes WHERE phone_code_hash = $1`, [phoneCodeHash]);
  }

  /** Counts one attempt (atomically, so replicas share the limit) and judges it. Nothing is consumed. */
  async attempt(phone: string, phoneCodeHash: string, code: string): Promise<CodeVerdict> {
    const [row]: AttemptRow[] = await this.dataSource.query(
      `WITH tried AS (
         UPDATE login_codes SET attempts = attempts + 1 WHERE phone_code_hash = $1 AND phone = $2
         RETURNING attempts, code_hmac, used_at IS NOT NULL AS used, expires_at <= now() AS expired,
           ceil(extract(epoch FROM expires_at - now()))::int AS seconds_left)
       SELECT * FROM tried`,
      [phoneCodeHash, phone],
    );
    const matches = row !== undefined && sameHmac(row.code_hmac, codeHmac(this.config.accessHashSecret, phoneCodeHash, code));
    return judgeAttempt(
      row && { attempts: row.attempts, used: row.used, expired: row.expired, matches, secondsLeft: row.seconds_left },
      this.config.auth.loginCodeAttempts,
    );
  }

  /** Marks the code used in the caller's transaction; false if another call used it first. */
  async consume(db: EntityManager, phoneCodeHash: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `WITH used AS (UPDATE login_codes SET used_at = now() WHERE phone_code_hash = $1 AND used_at IS NULL RETURNING 1) SELECT * FROM used`,
      [phoneCodeHash],
    );
    return rows.length > 0;
  }

  /** Expired codes are of no use to anyone: an unknown hash answers PHONE_CODE_EXPIRED too. */
  prune(limit = 10_000): Promise<number> {
    return pruneRows(this.dataSource, 'login_codes', 'expires_at < now()', limit);
  }
}
