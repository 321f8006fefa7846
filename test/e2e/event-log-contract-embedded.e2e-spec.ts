import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, TableEventLog, TableLogInspector, migrate } from '@app/platform';
import { LogUnderTest, eventLogContract } from '../contract/event-log.contract';

/** The table log on PGlite, as the embedded mode runs it; a restart closes and reopens the folder. */
async function openEmbeddedTable(): Promise<LogUnderTest> {
  const folder = mkdtempSync(join(tmpdir(), 'contract-pglite-'));
  let database = await EmbeddedDatabase.open(folder);
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
      database = await EmbeddedDatabase.open(folder);
      return new TableEventLog(database.dataSource);
    },
    async dispose() {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

eventLogContract('Postgres table on PGlite (embedded)', openEmbeddedTable);
