import 'reflect-metadata';
import { componentLogger, createDataSource, loadConfig, migrate, nameProcess } from '@app/platform';

nameProcess('migrate');
const logger = componentLogger('migrate');

/**
 * Applies pending database migrations, then exits (0 on success). Kubernetes runs this as a Job
 * before the services roll out, and the services run with MIGRATE_ON_START=false, so a schema
 * change is applied once, not raced by every starting pod (the advisory lock in `migrate` still
 * guards against two Jobs at once).
 */
async function main(): Promise<void> {
  const config = loadConfig('migrate', 0);
  const dataSource = await createDataSource(config.databaseUrl, 1).initialize();
  try {
    const pending = await dataSource.showMigrations();
    await migrate(dataSource);
    logger.info({ msg: pending ? 'migrations applied' : 'schema already up to date' });
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    logger.error({ msg: 'migration failed', error: String(error) });
    process.exit(1);
  },
);
