import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { StartupError } from '../startup/startup-error';
import { createDataSource } from './data-source';
import type { EmbeddedDatabase } from './embedded-database';
import { LocalPostgresServer } from './local-postgres/local-postgres-server';
import { binariesPackage, findPostgresBinaries } from './local-postgres/postgres-binaries';
import { serverUser } from './local-postgres/server-user';
import { NotificationListener, PgNotificationListener } from './notification-listener';

const DATABASE = 'contact_links';
/**
 * Least time a start gives the server: it is this process's own and starts in seconds (a first
 * start runs initdb), so STARTUP_WAIT_SECONDS=0 (give up on a dependency at once) does not apply.
 */
const SERVER_START_MS = 30_000;

/**
 * A PostgreSQL server this process starts in a folder and stops with it: the distributed mode's
 * pieces on it (a pool of connections, LISTEN/NOTIFY on a connection of its own), fsync on.
 */
export class ServerDatabase implements EmbeddedDatabase {
  readonly kind = 'postgres';
  readonly maxClients = Infinity;

  private constructor(
    readonly server: LocalPostgresServer,
    readonly dataSource: DataSource,
    readonly durability: string,
  ) {}

  static async open(folder: string, options: { deadlineMs: number; onLost(reason: string): void }): Promise<ServerDatabase> {
    const binaries = findPostgresBinaries();
    if (!binaries) {
      throw new StartupError(
        `the PostgreSQL server for ${process.platform}-${process.arch} is not installed (package ${binariesPackage()}, an optional dependency); install it, or set EMBEDDED_DATABASE=pglite`,
      );
    }
    const server = await LocalPostgresServer.start(folder, {
      binaries,
      user: serverUser(),
      deadlineMs: Math.max(options.deadlineMs, SERVER_START_MS),
      onUnexpectedExit: (code, logFile) => options.onLost(`the database server in ${folder} stopped (exit ${code}); see ${logFile}`),
    });
    try {
      const version = await server.ensureDatabase(DATABASE);
      const dataSource = await createDataSource(server.url(DATABASE)).initialize();
      const durability = `PostgreSQL ${version} server in ${folder}, fsync on: acknowledged sends survive a crash of the process or the machine`;
      return new ServerDatabase(server, dataSource, durability);
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  clientConfig(): ClientConfig {
    return { connectionString: this.server.url(DATABASE) };
  }

  notificationListener(): NotificationListener {
    return new PgNotificationListener(this.server.url(DATABASE));
  }

  async close(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.server.stop();
    }
  }
}
