import { Params, PinoLogger } from 'nestjs-pino';
import { processLogger } from './process-logger';

/**
 * nestjs-pino's settings: the process logger. No request logger middleware: the metrics count the
 * requests, and the lines written while serving one carry its correlation id through the process
 * logger itself (`inRequestContext`).
 */
export const LOGGER_PARAMS: Params = { pinoHttp: { logger: processLogger } };

/** A logger for one part of the process, named in each line's `context`. */
export function componentLogger(context: string): PinoLogger {
  const logger = new PinoLogger(LOGGER_PARAMS);
  logger.setContext(context);
  return logger;
}
