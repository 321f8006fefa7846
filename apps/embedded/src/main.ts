import 'reflect-metadata';
import { JsonLogger, embeddedDataDir, folderSecret, loadConfig, runService } from '@app/platform';
import { EMBEDDED_DEFAULT_PORT, EMBEDDED_SERVICE, EmbeddedModule } from './embedded.module';

const dataDir = embeddedDataDir();
// Zero configuration, still no forgeable access hash: the folder keeps a random secret of its own.
process.env.ACCESS_HASH_SECRET ||= folderSecret(dataDir);
// Test numbers sign in without a code reaching a phone: on by default here, unless in production.
if (process.env.NODE_ENV !== 'production') process.env.TEST_NUMBERS ??= 'true';
const config = loadConfig(EMBEDDED_SERVICE, EMBEDDED_DEFAULT_PORT);
new JsonLogger(EMBEDDED_SERVICE).log({
  msg: `embedded mode: one process, PGlite and a table event log; API on http://${config.host}:${config.port}/v1/<method>, data in ${dataDir}`,
  mode: 'embedded',
  url: `http://${config.host}:${config.port}`,
  data_dir: dataDir,
});
runService(EMBEDDED_SERVICE, EmbeddedModule, EMBEDDED_DEFAULT_PORT);
