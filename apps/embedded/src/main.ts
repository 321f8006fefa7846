import 'reflect-metadata';
import { JsonLogger, embeddedDataDir, loadConfig, runService } from '@app/platform';
import { EMBEDDED_DEFAULT_PORT, EMBEDDED_SERVICE, EmbeddedModule } from './embedded.module';

const config = loadConfig(EMBEDDED_SERVICE, EMBEDDED_DEFAULT_PORT);
const dataDir = embeddedDataDir();
new JsonLogger(EMBEDDED_SERVICE).log({
  msg: `embedded mode: one process, PGlite and a table event log; API on http://${config.host}:${config.port}/v1/<method>, data in ${dataDir}`,
  mode: 'embedded',
  url: `http://${config.host}:${config.port}`,
  data_dir: dataDir,
});
runService(EMBEDDED_SERVICE, EmbeddedModule, EMBEDDED_DEFAULT_PORT);
