import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel, logLevel, secretValues } from '../config';
import { CENSORED, REDACTED_PATHS, scrubValue } from './redaction';
import { activeRequestFields } from './request-context';
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
 * inside a request, its correlation id, and inside a traced piece of work, its trace and span.
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
      mixin: () => ({ service: serviceName, ...activeRequestFields(), ...activeTraceFields() }),
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
