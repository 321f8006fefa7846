import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmbeddedDatabase, chooseEmbeddedDatabase, openEmbeddedDatabase } from './database/embedded-database';
import { lockFolder } from './database/folder-lock';
import { migrate } from './database/data-source';
import { TableEventLog } from './event-log/table/table-event-log';
import { Infrastructure } from './infrastructure';
import { componentLogger } from './logging/component-logger';

/** The embedded mode's folder (DATA_DIR): its database and the lock that keeps a second process out. */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR ?? '.data/embedded');
}

/**
 * The embedded mode's ACCESS_HASH_SECRET when none is set: random, made on the folder's first start
 * and kept in it (mode 0600), so access hashes survive restarts and no two installations share one.
 */
export function folderSecret(dataDir: string): string {
  const path = join(dataDir, 'access-hash-secret');
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(path, 'utf8').trim();
}

/**
 * Everything in this process but the database server: the projections, stores and the event log
 * (an append-only table) in one database in DATA_DIR, a PostgreSQL server this process runs (or
 * PGlite, EMBEDDED_DATABASE). For one process; the folder lock keeps a second one out.
 */
export function embeddedInfrastructure(): Infrastructure {
  let database: EmbeddedDatabase | undefined;
  let unlock = () => undefined as void;
  let pruner: NodeJS.Timeout | undefined;
  const opened = () => {
    if (!database) throw new Error('the embedded database is not open yet');
    return database;
  };
  return {
    async dataSource(config) {
      const logger = componentLogger('start');
      const dataDir = embeddedDataDir();
      const release = lockFolder(dataDir, 'starting another contact-links process on it');
      try {
        const kind = chooseEmbeddedDatabase(config.embeddedDatabase, dataDir);
        database = await openEmbeddedDatabase(kind, dataDir, {
          deadlineMs: config.startupWaitMs,
          onLost(reason) {
            // Nothing here works without it; a restart recovers the database from its log.
            logger.error({ msg: `embedded mode: stopping; ${reason}` });
            process.exit(1);
          },
        });
      } catch (error) {
        release();
        throw error;
      }
      unlock = release;
      logger.info({ msg: `embedded mode: database ${database.durability}`, mode: 'embedded', database: database.kind });
      await migrate(database.dataSource);
      return database.dataSource;
    },
    async eventLog(config, dataSource) {
      const logger = componentLogger('event-log');
      const log = new TableEventLog(dataSource, (error) =>
        logger.error({ msg: 'batch failed; it comes again', error: String(error).slice(0, 200) }),
      );
      pruner = setInterval(
        () => void log.prune(config.topics.linkChanged, config.retention.eventLogMs).catch(() => undefined),
        config.outboxSweepMs,
      );
      pruner.unref();
      return log;
    },
    notificationListener: () => opened().notificationListener(),
    async close() {
      clearInterval(pruner);
      try {
        await database?.close();
      } finally {
        unlock();
      }
    },
  };
}
