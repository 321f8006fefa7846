import { randomBytes } from 'node:crypto';

/** A random_id the server picks where the client gave none (a chat's service message, a forward without one). */
export function serverRandomId(): string {
  return randomBytes(8).readBigInt64LE().toString();
}
