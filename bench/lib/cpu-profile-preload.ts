import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Loaded with NODE_OPTIONS=--require (where --cpu-prof is not allowed) into the processes under
 * test when BENCH_CPU_PROF_DIR is set: profiles the whole process and writes
 * <dir>/<name>-<pid>.cpuprofile on SIGTERM (before the service's own graceful shutdown) or exit.
 */
const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // A same-thread inspector session answers synchronously, so this works inside 'exit' too.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const script = process.argv[1] ?? 'node';
      const name = (/apps\/[^/]+|bench\/monolith/.exec(script)?.[0] ?? basename(script)).replace('/', '_');
      writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  const onTerm = () => {
    process.removeListener('SIGTERM', onTerm);
    write();
    // Without a handler of its own (Nest's shutdown hook), the process must still die of the signal.
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  };
  process.on('SIGTERM', onTerm);
  process.on('exit', write);
}
