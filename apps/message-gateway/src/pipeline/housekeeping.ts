import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig, CONFIG, componentLogger } from '@app/platform';
import { LoginCodes } from '../auth/login-codes';
import { RateLimits } from '../auth/rate-limits';
import { Sessions } from '../auth/sessions';
import { SendPipeline } from './send-pipeline';

/**
 * The gateway's tables that grow with traffic, pruned every OUTBOX_SWEEP_MS (bounded deletes, any
 * number of replicas at once): expired sessions and login codes, ended rate-limit windows, and
 * sends past SEND_RETENTION_MS.
 */
@Injectable()
export class Housekeeping implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private sweeping = false;
  private readonly logger = componentLogger('housekeeping');

  constructor(
    private readonly sessions: Sessions,
    private readonly codes: LoginCodes,
    private readonly limits: RateLimits,
    private readonly sends: SendPipeline,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.outboxSweepMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.sessions.prune();
      await this.codes.prune();
      await this.limits.prune();
      await this.sends.prune(this.config.retention.sendsMs);
    } catch (error) {
      this.logger.warn({ msg: 'housekeeping failed; it runs again', error: String(error).slice(0, 200) });
    } finally {
      this.sweeping = false;
    }
  }
}
