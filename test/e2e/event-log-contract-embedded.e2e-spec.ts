import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseKind, TableEventLog, TableLogInspector, migrate, openEmbeddedDatabase } from '@app/platform';
import { LogUnderTest, eventLogContract } from '../contract/event-log.contract';

/** The table log on an embedded database, as `npm start` runs it; a restart closes and reopens the folder. */
function openEmbeddedTable(kind: EmbeddedDatabaseKind): () => Promise<LogUnderTest> {
  return async () => {
    const folder = mkdtempSync(join(tmpdir(), `contract-${kind}-`));
    const lost: string[] = [];
    const open = () => openEmbeddedDatabase(kind, folder, { deadlineMs: 30_000, onLost: (reason) => lost.push(reason) });
    let database = await open();
    await migrate(database.dataSource);
    const log = new TableEventLog(database.dataSource);
    return {
      log,
      get inspector() {
        return new TableLogInspector(database.dataSource);
      },
      topic: 'contract.events',
      async reopen() {
        await log.close();
        await database.close();
        database = await open();
        return new TableEventLog(database.dataSource);
      },
      async dispose() {
        await database.close();
        rmSync(folder, { recursive: true, force: true });
        expect(lost).toEqual([]); // the server never went away by itself
      },
    };
  };
}

eventLogContract('Postgres table on a PostgreSQL server of its own (embedded, the default)', openEmbeddedTable('postgres'));
eventLogContract('Postgres table on PGlite (embedded, EMBEDDED_DATABASE=pglite)', openEmbeddedTable('pglite'));
