import { join } from 'node:path';
import { EmbeddedDatabase, EmbeddedNotificationListener } from './database/embedded-database';
import { lockFolder } from './database/folder-lock';
import { migrate } from './database/data-source';
import { TableEventLog } from './event-log/table/table-event-log';
import { Infrastructure } from './infrastructure';
import { JsonLogger } from './json-logger';

/** The database folder inside DATA_DIR (PGlite wants a folder of its own). */
export const databaseFolder = (dataDir: string) => join(dataDir, 'pgdata');

/**
 * Everything in this process: PGlite in DATA_DIR for the projections, stores and the event log
 * (an append-only table). For one process; the folder lock keeps a second one out.
 */
export function embeddedInfrastructure(): Infrastructure {
  let database: EmbeddedDatabase | undefined;
  let unlock = () => undefined as void;
  const opened = () => {
    if (!database) throw new Error('the embedded database is not open yet');
    return database;
  };
  return {
    async dataSource(config) {
      unlock = lockFolder(config.dataDir, 'starting another contact-links process on it');
      database = await EmbeddedDatabase.open(databaseFolder(config.dataDir));
      await migrate(database.dataSource);
      return database.dataSource;
    },
    async eventLog(_config, dataSource) {
      const logger = new JsonLogger('event-log');
      return new TableEventLog(dataSource, (error) => logger.error({ msg: 'batch failed; it comes again', error: String(error) }));
    },
    notificationListener: () => new EmbeddedNotificationListener(opened()),
    async close() {
      await database?.close();
      unlock();
    },
  };
}
