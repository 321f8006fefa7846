import { LoggerService } from '@nestjs/common';

/** One JSON object per line; fields given as an object are merged (e.g. correlation_id). */
export class JsonLogger implements LoggerService {
  constructor(private readonly service: string) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    // Nest's ExceptionHandler reports a failed start with its stack; runService tells the same failure in one line.
    if (context === 'ExceptionHandler') return;
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(): void {}
  verbose(): void {}

  private write(level: string, message: unknown, context?: string, trace?: string): void {
    const fields =
      message instanceof Error // e.g. Nest's start-up failures: name and message are not enumerable
        ? { msg: message.message, error: message.name, stack: message.stack }
        : typeof message === 'object' && message !== null
          ? message
          : { msg: String(message) };
    const line = { time: new Date().toISOString(), level, service: this.service, context, ...fields, trace };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}
