/**
 * Whether a failure is about the data of one event (redoing it will fail again: dead-letter it) or
 * about the infrastructure (redoing it later can succeed: let the consumer retry).
 * Data: SQLSTATE classes 22 (data exception) and 23 (integrity violation), and plain JS errors
 * thrown by handler code. Everything else (connections, resources, shutdown) is infrastructure.
 */
export function isPoisonError(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('22') || code.startsWith('23');
  if (typeof code === 'string') return false; // ECONNREFUSED, ECONNRESET, …
  return error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError;
}
