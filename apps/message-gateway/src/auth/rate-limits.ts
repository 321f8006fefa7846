import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, CONFIG, pruneRows } from '@app/platform';
import { floodWait } from '@app/platform';
import { CallContext } from '../rpc/rpc-method';

/** A counter and the most it may reach within one window. */
export interface Bucket {
  readonly name: string;
  readonly limit: number;
}

/**
 * Fixed-window counters in Postgres (`rate_limits`), so every gateway replica draws on the same
 * budget. Limits what answers "does this phone have an account?" (docs/api.md): per user, per client
 * address, and codes sent per phone.
 */
@Injectable()
export class RateLimits {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Phone lookups by a signed-in user: counted for the user and for the address it calls from. */
  lookupsBy(call: CallContext): Bucket[] {
    const { lookupsPerUser, lookupsPerAddress } = this.config.auth.limits;
    return [
      { name: `lookups:user:${call.userId}`, limit: lookupsPerUser },
      { name: `lookups:address:${call.clientAddress}`, limit: lookupsPerAddress },
    ];
  }

  /** Phone lookups before sign-in: only the address is known. */
  lookupsFrom(call: CallContext): Bucket[] {
    return [{ name: `lookups:address:${call.clientAddress}`, limit: this.config.auth.limits.lookupsPerAddress }];
  }

  /** Codes sent to one phone; the phone itself is not stored, only a digest of it. */
  codesTo(phone: string): Bucket {
    return {
      name: `codes:phone:${createHash('sha256').update(phone).digest('hex').slice(0, 32)}`,
      limit: this.config.auth.limits.codesPerPhone,
    };
  }

  /**
   * Adds `cost` to every bucket (one statement), then refuses with 420 FLOOD_WAIT_N if any is over
   * its limit, N being the seconds until that window ends. A refused call still counts: flooding
   * does not buy time.
   */
  async take(buckets: readonly Bucket[], cost = 1): Promise<void> {
    if (cost <= 0 || buckets.length === 0) return;
    const rows: { bucket: string; count: number; seconds_left: number }[] = await this.dataSource.query(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
       INSERT INTO rate_limits AS r (bucket, window_start, count)
       SELECT b, w.start, $3 FROM unnest($1::text[]) AS b, w
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = r.count + EXCLUDED.count
       RETURNING bucket, count, ceil(extract(epoch FROM window_start) + $2 - extract(epoch FROM now()))::int AS seconds_left`,
      [[...new Set(buckets.map((b) => b.name))], this.config.auth.limits.windowSeconds, cost],
    );
    const limitOf = new Map(buckets.map((b) => [b.name, b.limit]));
    const over = rows.filter((row) => row.count > limitOf.get(row.bucket)!);
    if (over.length > 0) throw floodWait(Math.max(1, ...over.map((row) => row.seconds_left)));
  }

  /** Windows that ended hold nothing anyone reads. */
  prune(limit = 10_000): Promise<number> {
    return pruneRows(
      this.dataSource,
      'rate_limits',
      `window_start < now() - make_interval(secs => ${this.config.auth.limits.windowSeconds})`,
      limit,
    );
  }
}
