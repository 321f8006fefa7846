import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

/** The correlation id of the request being served, for the log lines written while serving it. */
const served = new AsyncLocalStorage<string>();

/** A request's correlation id: the client's `X-Request-Id` when it is a plain token, else a new one. */
export function requestCorrelationId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

/** Runs `serve` as the work of the request `correlationId` names: every line logged inside carries it. */
export function inRequestContext<T>(correlationId: string, serve: () => T): T {
  return served.run(correlationId, serve);
}

/** What a log line written now says of the request it belongs to, if any. */
export function activeRequestFields(): { readonly correlation_id?: string } {
  const correlationId = served.getStore();
  return correlationId === undefined ? {} : { correlation_id: correlationId };
}
