import type { PGlite as PGliteInstance } from '@electric-sql/pglite';
import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import type { EmbeddedDatabase } from './embedded-database';
import { NotificationHandler, NotificationListener } from './notification-listener';

// Required at run time (the package's CommonJS build); the subpath has no types under this
// project's module resolution, so its one function is typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createPgConfig } = require('@electric-sql/pglite/node-postgres') as {
  createPgConfig(pglite: PGliteInstance): Record<string, unknown>;
};

/**
 * Postgres in this process (PGlite, WebAssembly) with its data in a folder. PGlite is one session,
 * so the pg pool has exactly one client: callers queue for it, and a transaction never shares
 * the session with another caller's statements. It does not fsync.
 */
export class PgliteDatabase implements EmbeddedDatabase {
  readonly kind = 'pglite';
  readonly durability = 'PGlite (no fsync): a crash of the machine can lose acknowledged sends';
  /** Another client shares the one session, so its statements queue behind the pool's. */
  readonly maxClients = 1;

  private constructor(
    readonly pglite: PGliteInstance,
    readonly dataSource: DataSource,
  ) {}

  static async open(folder: string): Promise<PgliteDatabase> {
    const pglite = await PGlite.create(folder);
    try {
      const dataSource = new DataSource({ ...dataSourceOptions(), extra: { ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 } });
      return new PgliteDatabase(pglite, await dataSource.initialize());
    } catch (error) {
      await pglite.close().catch(() => undefined);
      throw error;
    }
  }

  clientConfig(): ClientConfig {
    return { ...createPgConfig(this.pglite) } as ClientConfig;
  }

  notificationListener(): NotificationListener {
    return new PgliteNotificationListener(this);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.pglite.close();
  }
}

/**
 * NOTIFY delivered in-process. LISTEN goes through the pool's queue like any statement, so it
 * never lands inside another caller's transaction (where a rollback would undo it).
 */
class PgliteNotificationListener implements NotificationListener {
  private stop?: () => void;

  constructor(private readonly database: PgliteDatabase) {}

  async listen(channels: readonly string[], handler: NotificationHandler): Promise<void> {
    const wanted = new Set(channels);
    this.stop = this.database.pglite.onNotification((channel, payload) => wanted.has(channel) && handler(channel, payload));
    for (const channel of channels) await this.database.dataSource.query(`LISTEN ${channel}`);
  }

  async close(): Promise<void> {
    this.stop?.();
  }
}
