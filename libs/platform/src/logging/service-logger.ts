import { Logger, PinoLogger } from 'nestjs-pino';
import { LOGGER_PARAMS } from './component-logger';

/**
 * Nest's own lines (start-up, routes, errors it catches) through nestjs-pino into the process
 * logger. Nest's ExceptionHandler reports a failed start with its stack; runService tells the same
 * failure in one line, so that report is left out.
 */
export class ServiceLogger extends Logger {
  constructor() {
    super(new PinoLogger(LOGGER_PARAMS), LOGGER_PARAMS);
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (optionalParams.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...optionalParams);
  }
}
