import { IncomingMessage } from 'node:http';

/** A request header's value (`name` in lower case); of one sent twice, the first. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
