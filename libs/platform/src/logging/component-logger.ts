import { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import { processLogger } from './process-logger';

/** A request's correlation id: the client's `X-Request-Id` when it is a plain token, else a new one. */
export function requestCorrelationId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

/**
 * nestjs-pino's settings: the process logger, no line per request (the metrics count them), and
 * inside a request every line carries its correlation id.
 */
export const LOGGER_PARAMS: Params = {
  pinoHttp: {
    logger: processLogger,
    autoLogging: false,
    quietReqLogger: true,
    genReqId: requestCorrelationId,
    customAttributeKeys: { reqId: 'correlation_id' },
    // pino-http binds every request to a second child logger with the whole request serialized
    // (headers, redacted) although, with autoLogging off and quietReqLogger on, no line uses it:
    // about 25 µs of CPU per call on bench/http's probe. No request is serialized.
    wrapSerializers: false,
    serializers: { req: () => undefined },
  },
};

/** A logger for one part of the process, named in each line's `context`; inside a request it is the request's. */
export function componentLogger(context: string): PinoLogger {
  const logger = new PinoLogger(LOGGER_PARAMS);
  logger.setContext(context);
  return logger;
}

/** nestjs-pino in a Nest app: PinoLogger injectable, and the request context every line inside a request is written in. */
export const serviceLoggerModule = LoggerModule.forRoot(LOGGER_PARAMS);
