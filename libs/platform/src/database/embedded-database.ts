import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddedDatabaseKind } from '../config';
import { StartupError } from '../startup/startup-error';
import { findPostgresBinaries } from './local-postgres/postgres-binaries';
import { NotificationListener } from './notification-listener';
import { PgliteDatabase } from './pglite-database';
import { ServerDatabase } from './server-database';

/** The embedded mode's database, whichever runs it (EMBEDDED_DATABASE). */
export interface EmbeddedDatabase {
  readonly kind: EmbeddedDatabaseKind;
  readonly dataSource: DataSource;
  /** What a crash can lose, in the sentence `npm start` logs at start. */
  readonly durability: string;
  /** Settings for one more pg client (the ops CLI), and how many may be open at once. */
  clientConfig(): ClientConfig;
  readonly maxClients: number;
  notificationListener(): NotificationListener;
  close(): Promise<void>;
}

/** Each database's folder inside DATA_DIR: a folder may hold both, each is opened only by its own kind. */
export function databaseFolder(dataDir: string, kind: EmbeddedDatabaseKind): string {
  return join(dataDir, kind === 'pglite' ? 'pgdata' : 'postgres');
}

/** Whether DATA_DIR already holds a database of this kind. */
export function holdsDatabase(dataDir: string, kind: EmbeddedDatabaseKind): boolean {
  const cluster = kind === 'pglite' ? databaseFolder(dataDir, kind) : join(databaseFolder(dataDir, kind), 'data');
  return existsSync(join(cluster, 'PG_VERSION'));
}

/**
 * Which database opens DATA_DIR. Unset: the kind the folder already holds (a folder made before
 * the default changed keeps its data), else a PostgreSQL server where its binaries are installed,
 * else PGlite. A setting that names a kind the folder does not hold, while it holds the other, is
 * refused: it would start an empty database beside the data.
 */
export function chooseEmbeddedDatabase(setting: EmbeddedDatabaseKind | undefined, dataDir: string): EmbeddedDatabaseKind {
  const held = (['postgres', 'pglite'] as const).filter((kind) => holdsDatabase(dataDir, kind));
  if (setting === undefined) return held[0] ?? (findPostgresBinaries() ? 'postgres' : 'pglite');
  if (held.length > 0 && !held.includes(setting)) {
    throw new StartupError(
      `${dataDir} holds a ${held[0]} database, and EMBEDDED_DATABASE=${setting} would start an empty one beside it: set EMBEDDED_DATABASE=${held[0]} (or unset it), or point DATA_DIR at another folder`,
    );
  }
  return setting;
}

export interface OpenOptions {
  /** How long a start waits for the server (STARTUP_WAIT_SECONDS). */
  readonly deadlineMs: number;
  /** The database went away while open (the server process ended): the process cannot go on. */
  onLost(reason: string): void;
}

export function openEmbeddedDatabase(kind: EmbeddedDatabaseKind, dataDir: string, options: OpenOptions): Promise<EmbeddedDatabase> {
  const folder = databaseFolder(dataDir, kind);
  return kind === 'pglite' ? PgliteDatabase.open(folder) : ServerDatabase.open(folder, options);
}
