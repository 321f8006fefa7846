/**
 * What a failed batch means, decided once for every consumer:
 * - `data`: this event's data cannot be applied (SQLSTATE class 22 data exception, 23 integrity
 *   violation): dead-letter it at once, the partition moves on.
 * - `transient`: the infrastructure failed (connections, resources, shutdown, lock and
 *   serialization conflicts, Kafka retriable errors): retry with backoff, never dead-letter.
 * - `bug`: anything else (a plain Error, a TypeError, an unexpected SQL error): retried a few
 *   times, then dead-lettered with an alert metric, so a bug never wedges a partition.
 */
export type FailureKind = 'data' | 'transient' | 'bug';

/** SQLSTATE classes of infrastructure failures: connection, transaction rollback, resources, operator intervention, system. */
const TRANSIENT_SQL_CLASSES = new Set(['08', '40', '53', '57', '58']);
const TRANSIENT_SQL_STATES = new Set(['55P03', 'XX000']);
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What pg and its pool say without a code when the server goes away. */
const TRANSIENT_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end|terminating connection/i;

export function failureKind(error: unknown): FailureKind {
  const e = error as
    { code?: unknown; driverError?: { code?: unknown }; retriable?: unknown; name?: unknown; message?: unknown } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    if (code.startsWith('22') || code.startsWith('23')) return 'data';
    return TRANSIENT_SQL_CLASSES.has(code.slice(0, 2)) || TRANSIENT_SQL_STATES.has(code) ? 'transient' : 'bug';
  }
  if (typeof code === 'string' && TRANSIENT_NODE_CODES.has(code)) return 'transient';
  if (e?.retriable === true || (typeof e?.name === 'string' && /^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)/.test(e.name)))
    return 'transient';
  if (typeof e?.message === 'string' && TRANSIENT_MESSAGES.test(e.message)) return 'transient';
  return 'bug';
}
