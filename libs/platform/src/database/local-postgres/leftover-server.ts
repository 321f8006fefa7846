import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../../startup/startup-error';
import { processAlive } from '../process-alive';

/** The pid `postmaster.pid` names, if the file is there. */
export function postmasterPid(dataFolder: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataFolder, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a live pid is a PostgreSQL process (where /proc tells; elsewhere, assume it is). */
function isPostgres(pid: number): boolean {
  if (!existsSync('/proc/self/comm')) return true;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false; // gone meanwhile
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Before a start: a server still running on the folder is the orphan of a predecessor that was
 * killed (the folder lock keeps out any live one), shutting down since its watchdog saw the pipe
 * close. It is waited for, told to stop fast if it lingers, and refused past the deadline. A pid
 * file naming a process that is no server (a pid reused after a reboot) is removed, since the
 * server would take it for a live one and refuse to start.
 */
export async function awaitLeftoverServer(dataFolder: string, deadlineMs: number): Promise<void> {
  const pid = postmasterPid(dataFolder);
  if (pid === undefined || !processAlive(pid)) return;
  if (!isPostgres(pid)) {
    rmSync(join(dataFolder, 'postmaster.pid'), { force: true });
    return;
  }
  const started = Date.now();
  let told = false;
  while (processAlive(pid)) {
    const waited = Date.now() - started;
    if (waited > deadlineMs) {
      throw new StartupError(
        `a database server (pid ${pid}) still runs on ${dataFolder} after ${deadlineMs} ms; stop it, then start again`,
      );
    }
    if (!told && waited > deadlineMs / 4) {
      told = true;
      try {
        process.kill(pid, 'SIGINT'); // fast shutdown: its watchdog may be gone too
      } catch {
        // gone meanwhile
      }
    }
    await pause(50);
  }
}
