import { PinoLogger } from 'nestjs-pino';
import { Dependency, reasonOf, unreachable } from './dependencies';
import { StartupError } from './startup-error';

export interface WaitOptions {
  /** How long a start waits in all (STARTUP_WAIT_SECONDS). */
  readonly deadlineMs: number;
  readonly logger: PinoLogger;
  /** Pauses between attempts grow from this to 5 s. */
  readonly firstPauseMs?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tries `check` until it succeeds or the deadline passes, logging one line per failed attempt
 * (what is awaited, why, when the next try comes); then a StartupError that names the dependency
 * and how to start it. Orchestrators start services and their dependencies in any order, so a
 * start waits a while rather than crash-looping with a client library's stack trace.
 */
export async function waitForDependency(dependency: Dependency, check: () => Promise<void>, options: WaitOptions): Promise<void> {
  const started = Date.now();
  const giveUpAt = started + options.deadlineMs;
  let delay = options.firstPauseMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await check();
      if (attempt > 1) options.logger.info({ msg: `${dependency.name} answers; starting`, attempt });
      return;
    } catch (error) {
      const left = giveUpAt - Date.now();
      if (dependency.isFinal(error) || left <= 0) {
        const waited = attempt > 1 ? ` (gave up after ${Math.round((Date.now() - started) / 1000)} s and ${attempt} attempts)` : '';
        throw new StartupError(`${unreachable(dependency, error)}${waited}`);
      }
      const next = Math.min(delay, left);
      options.logger.warn({
        msg: `waiting for ${dependency.name}: ${reasonOf(error)}`,
        attempt,
        retry_in_ms: next,
        gives_up_in_s: Math.ceil(left / 1000),
      });
      await pause(next);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
