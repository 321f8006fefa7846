import './tracing';
import 'reflect-metadata';
import { componentLogger, embeddedDataDir, folderSecret, nameProcess, runService } from '@app/platform';
import { EMBEDDED_DEFAULT_PORT, EmbeddedModule } from './embedded.module';
import { EMBEDDED_SERVICE } from './embedded-service';

const dataDir = embeddedDataDir();
// Zero configuration, still no forgeable access hash: the folder keeps a random secret of its own.
process.env.ACCESS_HASH_SECRET ||= folderSecret(dataDir);
// Test numbers sign in without a code reaching a phone: on by default here, unless in production.
if (process.env.NODE_ENV !== 'production') process.env.TEST_NUMBERS ??= 'true';
nameProcess(EMBEDDED_SERVICE);
componentLogger('start').info({
  msg: `embedded mode: starting; one process, its database and a table event log, data in ${dataDir}`,
  mode: 'embedded',
  data_dir: dataDir,
});
// The URL is told once the port is bound, so it answers when the line appears.
runService(EMBEDDED_SERVICE, EmbeddedModule, EMBEDDED_DEFAULT_PORT, (url) => ({
  msg: `embedded mode: ready; API on ${url}/v1/<method>, data in ${dataDir}`,
  mode: 'embedded',
  data_dir: dataDir,
}));
