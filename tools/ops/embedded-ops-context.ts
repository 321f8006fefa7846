import {
  EMBEDDED_DATABASES,
  TableEventLog,
  TableLogInspector,
  chooseEmbeddedDatabase,
  embeddedDataDir,
  holdsDatabase,
  loadConfig,
  lockFolder,
  migrate,
  openEmbeddedDatabase,
} from '@app/platform';
import type { OpsContext } from './ops-context';
import { UsageError } from './terminal';
import { pgAccess } from './pg-access';

/**
 * The embedded mode's log and database, opened from DATA_DIR by this process alone (the database
 * `npm start` would choose): the folder lock refuses while `npm start` runs (stop it first).
 */
export async function openEmbeddedOpsContext(
  env: NodeJS.ProcessEnv = process.env,
  options: { create?: boolean } = {},
): Promise<OpsContext> {
  const config = loadConfig('ops', 0, env);
  const dataDir = embeddedDataDir(env);
  // A mistyped DATA_DIR must not become a new, empty database that every command then finds empty.
  if (!options.create && !EMBEDDED_DATABASES.some((kind) => holdsDatabase(dataDir, kind))) {
    throw new UsageError(
      `no contact-links database in ${dataDir} (DATA_DIR${env.DATA_DIR ? '' : ' unset: the default'}): point DATA_DIR at the folder npm start uses, ` +
        'or set KAFKA_BROKERS and DATABASE_URL for the distributed mode',
    );
  }
  const unlock = lockFolder(dataDir, 'running ops commands on it (stop `npm start` first)');
  try {
    const database = await openEmbeddedDatabase(chooseEmbeddedDatabase(config.embeddedDatabase, dataDir), dataDir, {
      deadlineMs: config.startupWaitMs,
      onLost(reason) {
        process.stderr.write(`ops: ${reason}\n`);
        process.exit(1);
      },
    });
    await migrate(database.dataSource);
    const log = new TableEventLog(database.dataSource);
    return {
      config,
      log,
      inspector: new TableLogInspector(database.dataSource),
      groupId: (service) => `${config.consumerGroupPrefix}.${service}`,
      // PGlite is one session: writes that would go in parallel queue on one connection.
      ...pgAccess(() => database.clientConfig(), database.maxClients),
      async close() {
        await log.close();
        await database.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
