import { failureKind } from '../database/failure-kind';

/** A system a service needs before it can serve, as its operator would name and start it. */
export interface Dependency {
  /** e.g. "Kafka at 127.0.0.1:9092 (KAFKA_BROKERS)". */
  readonly name: string;
  /** What to do when it does not answer. */
  readonly remedy: string;
  /** A failure waiting cannot mend (a missing database, a refused password): stop at once. */
  isFinal(error: unknown): boolean;
}

/** The endpoint of a Postgres URL, without its user or password. */
function endpointOf(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'the DATABASE_URL given (not a valid URL)';
  }
}

export function postgresDependency(databaseUrl: string): Dependency {
  return {
    name: `PostgreSQL at ${endpointOf(databaseUrl)} (DATABASE_URL)`,
    remedy:
      'start it (locally: bash deploy/local/postgres.sh ensure), or point DATABASE_URL at a running server; npm run start:stack does both and creates the database',
    // An answer with a SQLSTATE that is not about availability: no database of that name, auth refused.
    isFinal: (error) =>
      typeof (error as { code?: unknown })?.code === 'string' &&
      /^[0-9A-Z]{5}$/.test((error as { code: string }).code) &&
      failureKind(error) !== 'transient',
  };
}

export function kafkaDependency(brokers: readonly string[]): Dependency {
  return {
    name: `Kafka at ${brokers.join(',')} (KAFKA_BROKERS)`,
    remedy: 'start it (locally: npm run kafka -- start), or point KAFKA_BROKERS at a running broker',
    isFinal: () => false,
  };
}

/** One line for a dependency that failed: which system, why, and what to do. */
export function unreachable(dependency: Dependency, error: unknown): string {
  return `${dependency.name}: ${reasonOf(error)}; ${dependency.remedy}`;
}

/** The useful part of a client library's error: the innermost cause's message. */
export function reasonOf(error: unknown): string {
  let current = error as { message?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const inner = current.cause ?? (Array.isArray(current.errors) ? current.errors[0] : undefined);
    if (!inner || typeof (inner as { message?: unknown }).message !== 'string') break;
    current = inner as typeof current;
  }
  const message = typeof current?.message === 'string' && current.message !== '' ? current.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
