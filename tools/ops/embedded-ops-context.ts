import { ClientConfig } from 'pg';
import {
  EmbeddedDatabase,
  TableEventLog,
  TableLogInspector,
  databaseFolder,
  embeddedDataDir,
  loadConfig,
  lockFolder,
  migrate,
} from '@app/platform';
import type { OpsContext } from './ops-context';
import { pgAccess } from './pg-access';

/**
 * The embedded mode's log and database, opened from DATA_DIR by this process alone: the folder
 * lock refuses while `npm start` runs (stop it first; PGlite is one process's database).
 */
export async function openEmbeddedOpsContext(env: NodeJS.ProcessEnv = process.env): Promise<OpsContext> {
  const config = loadConfig('ops', 0, env);
  const dataDir = embeddedDataDir(env);
  const unlock = lockFolder(dataDir, 'running ops commands on it (stop `npm start` first)');
  try {
    const database = await EmbeddedDatabase.open(databaseFolder(dataDir));
    await migrate(database.dataSource);
    const log = new TableEventLog(database.dataSource);
    return {
      config,
      log,
      inspector: new TableLogInspector(database.dataSource),
      groupId: (service) => `${config.consumerGroupPrefix}.${service}`,
      // One session: writes that would go in parallel queue on one connection.
      ...pgAccess(() => database.clientConfig() as ClientConfig, 1),
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
