import { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule, Params, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel, logLevel, secretValues } from '../config';
import { CENSORED, REDACTED_PATHS, scrubValue } from './redaction';
import { activeTraceFields } from './trace-fields';

/** The name every line carries as `service`; the process names itself once it knows (nameProcess). */
let serviceName: string | undefined;

export function nameProcess(service: string): void {
  serviceName = service;
}

/** LOG_LEVEL, or info while it is not valid: the start then refuses it in a line of its own (loadConfig). */
function levelFromEnv(): LogLevel {
  try {
    return logLevel();
  } catch {
    return 'info';
  }
}

/**
 * The process's one pino logger: a JSON object per line on stdout, written synchronously so the
 * line that tells why a process exits is out before it does. Every line names the service and,
 * inside a request or a traced piece of work, its trace and span.
 */
export const processLogger: Logger = createLogger(pino.destination({ fd: 1, sync: true }));

/** The process logger's settings, writing to `destination` (a test's buffer, or stdout). */
export function createLogger(destination: DestinationStream): Logger {
  return pino(
    {
      level: levelFromEnv(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ service: serviceName, ...activeTraceFields() }),
      redact: { paths: REDACTED_PATHS, censor: CENSORED },
      hooks: {
        // The safety net for free text: every argument of every call, before pino formats it.
        logMethod(args, method) {
          const secrets = secretValues();
          const scrubbed = (args as unknown[]).map((arg) => scrubValue(arg, secrets));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

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
