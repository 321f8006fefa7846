import { AppConfig, CONFIG } from '@app/platform';
import { releaseOnce } from './release-once';

/**
 * Bounds the calls one process works on at once. Past the bound a call is refused at once
 * (503 SERVER_OVERLOADED with Retry-After) instead of joining a queue that would make every call
 * late: under an offered load above what the process serves, the calls it admits still answer in
 * about `limit / rate served` seconds and the rest learn within a millisecond to come back later.
 */
export class CallAdmission {
  private inFlight = 0;

  constructor(readonly limit: number) {}

  /** A release function (idempotent), or undefined when `limit` calls are in flight already. */
  enter(): (() => void) | undefined {
    if (this.inFlight >= this.limit) return undefined;
    this.inFlight++;
    return releaseOnce(() => {
      this.inFlight--;
    });
  }

  get calls(): number {
    return this.inFlight;
  }
}

/** One admission per process, bounded by MAX_CALLS_IN_FLIGHT. */
export const CALL_ADMISSION = {
  provide: CallAdmission,
  inject: [CONFIG],
  useFactory: (config: AppConfig) => new CallAdmission(config.maxCallsInFlight),
};
