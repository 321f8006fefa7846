import { DataSource, MigrationExecutor } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { EventLogTable1764100000000 } from './migrations/1764100000000-event-log-table';
import { Login1764200000000 } from './migrations/1764200000000-login';
import { ConsumerPositions1764300000000 } from './migrations/1764300000000-consumer-positions';
import { SessionLayer1764400000000 } from './migrations/1764400000000-session-layer';
import { BlocksAndLastSeen1764450000000 } from './migrations/1764450000000-blocks-and-last-seen';
import { ContactNames1764500000000 } from './migrations/1764500000000-contact-names';
import { PendingContacts1764510000000 } from './migrations/1764510000000-pending-contacts';
import { JsonBodies1764600000000 } from './migrations/1764600000000-json-bodies';

export const MIGRATIONS = [
  InitialSchema1764000000000,
  EventLogTable1764100000000,
  Login1764200000000,
  ConsumerPositions1764300000000,
  SessionLayer1764400000000,
  BlocksAndLastSeen1764450000000,
  ContactNames1764500000000,
  PendingContacts1764510000000,
  JsonBodies1764600000000,
];

/** Schema comes only from migrations; `synchronize` stays off everywhere. */
export function dataSourceOptions(): PostgresConnectionOptions {
  return {
    type: 'postgres',
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'all',
    logging: false, // TypeORM's error log prints query parameters, which hold phone numbers
  };
}

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({ ...dataSourceOptions(), url, extra: { max: poolSize } });
}

/**
 * Applies pending migrations under an advisory lock so concurrent service starts do not race.
 * Lock and migrations share one connection, so this also works on a one-connection pool.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock(7316401)');
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    await executor.executePendingMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock(7316401)').catch(() => undefined);
    await runner.release();
  }
}
