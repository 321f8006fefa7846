import { kafkaDependency, loadConfig, postgresDependency, unreachable } from '@app/platform';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATE classes that say the server could not be used as configured: connection, auth, no such database. */
const POSTGRES_ACCESS_CLASSES = new Set(['08', '28', '3D']);

/**
 * A failed command's message, naming the system that failed when it is one of the two the CLI
 * talks to: kafkajs's errors are Kafka's; any other network error, or a refused connection, is
 * Postgres's (pg reports them as plain errors).
 */
export function opsFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  const config = loadConfig('ops', 0, env);
  if (typeof e?.name === 'string' && e.name.startsWith('KafkaJS')) return unreachable(kafkaDependency(config.kafkaBrokers), error);
  const code = typeof e?.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || POSTGRES_ACCESS_CLASSES.has(code.slice(0, 2)) || /Connection terminated/.test(String(error)))
    return unreachable(postgresDependency(config.databaseUrl), error);
  return error instanceof Error ? error.message : String(error);
}
