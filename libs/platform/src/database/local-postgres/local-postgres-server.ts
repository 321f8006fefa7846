import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { StartupError } from '../../startup/startup-error';
import { awaitLeftoverServer, postmasterPid } from './leftover-server';
import { PostgresBinaries } from './postgres-binaries';
import { ServerUser } from './server-user';
import { socketFolder } from './socket-folder';

/**
 * Runs the server until the watchdog's stdin (a pipe from this process) closes, on a stop or when
 * this process dies however it dies (kill -9 too), and then stops it fast (SIGINT). The watchdog
 * ends when the server does, so an unexpected exit of the server is noticed. `$0 "$@"` is the server's command line.
 */
const WATCHDOG = 'exec 3<&0; "$0" "$@" <&- 3<&- & pg=$!; (read -r _ <&3; kill -INT "$pg" 2>/dev/null) & wait "$pg"';

export interface ServerOptions {
  readonly binaries: PostgresBinaries;
  /** Unset: the server runs as this process's user. */
  readonly user?: ServerUser;
  /** How long a start waits for a leftover server to end and for the new one to answer. */
  readonly deadlineMs: number;
  /** The server ended without being stopped. */
  onUnexpectedExit(code: number | null, logFile: string): void;
}

/**
 * The server user must pass through DATA_DIR to reach its folder: a DATA_DIR of this process's own
 * that others may not enter (mode 0700, as mkdtemp makes) gets search permission only (o+x), which
 * lists nothing. Folders above it are not this process's to change; initdb names them if it fails.
 */
function letThrough(dataDir: string): void {
  const { mode, uid } = statSync(dataDir);
  if (uid === process.getuid?.() && (mode & 0o001) === 0) chmodSync(dataDir, (mode & 0o7777) | 0o001);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Output of a command run to its end; a failure is a StartupError with its last lines. */
function run(command: string, args: string[], user: ServerUser | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { uid: user?.uid, gid: user?.gid, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() });
    let output = '';
    child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-2_000)));
    child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-2_000)));
    child.on('error', (error) => reject(new StartupError(`${what} failed: ${error.message}`)));
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new StartupError(`${what} failed (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
}

/** The server's environment: a fixed locale, and nothing of this process's settings (the binaries are named by path). */
const serverEnv = (): NodeJS.ProcessEnv => ({ PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' });

/**
 * A PostgreSQL server of this process's own, in a folder: the cluster in `data/` (made by initdb on
 * the first start), reachable only through a unix socket in a 0700 folder (no TCP port), its log in
 * `server.log`. fsync stays on, as a server's default: a commit is on disk when it returns.
 */
export class LocalPostgresServer {
  private stopping = false;

  private constructor(
    private readonly watchdog: ChildProcess,
    private readonly exited: Promise<number | null>,
    readonly dataFolder: string,
    readonly socketFolder: string,
    readonly logFile: string,
  ) {}

  static async start(folder: string, options: ServerOptions): Promise<LocalPostgresServer> {
    const { user } = options;
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (user) {
      chownSync(folder, user.uid, user.gid);
      letThrough(dirname(folder));
    }
    const data = join(folder, 'data');
    if (!existsSync(join(data, 'PG_VERSION'))) await LocalPostgresServer.initialize(folder, data, options);
    const socket = socketFolder(folder, user);
    await awaitLeftoverServer(data, options.deadlineMs);
    const logFile = join(folder, 'server.log');
    const log = openSync(logFile, 'a', 0o600);
    const args = ['-D', data, '-k', socket, '-c', 'listen_addresses=', '-c', 'unix_socket_permissions=0700'];
    let watchdog: ChildProcess;
    try {
      // A process group of its own: a Ctrl-C in the terminal reaches this process, which stops the server in order.
      watchdog = spawn('/bin/sh', ['-c', WATCHDOG, options.binaries.bin('postgres'), ...args], {
        uid: user?.uid,
        gid: user?.gid,
        detached: true,
        stdio: ['pipe', log, log],
        env: serverEnv(),
      });
    } finally {
      closeSync(log);
    }
    const exited = new Promise<number | null>((resolve) => watchdog.once('exit', (code) => resolve(code)));
    const server = new LocalPostgresServer(watchdog, exited, data, socket, logFile);
    void exited.then((code) => server.stopping || options.onUnexpectedExit(code, logFile));
    try {
      await server.ready(options.deadlineMs);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** initdb into a scratch folder, then renamed: a start killed midway leaves no half-made cluster. */
  private static async initialize(folder: string, data: string, options: ServerOptions): Promise<void> {
    const scratch = join(folder, 'data.initdb');
    rmSync(scratch, { recursive: true, force: true });
    await run(
      options.binaries.bin('initdb'),
      ['-D', scratch, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions'],
      options.user,
      `initdb of ${data}${options.user ? ` as ${options.user.name} (uid ${options.user.uid}, which must reach ${folder} and the server binaries)` : ''}`,
    );
    renameSync(scratch, data);
  }

  /** Connection string for a database of this server, through its socket. */
  url(database: string): string {
    return `postgres://postgres@localhost/${database}?host=${encodeURIComponent(this.socketFolder)}`;
  }

  /** The postmaster's pid (what a test stops without a checkpoint). */
  get pid(): number | undefined {
    return postmasterPid(this.dataFolder);
  }

  private async ready(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (;;) {
      const client = new Client({ connectionString: this.url('postgres') });
      try {
        await client.connect();
        return;
      } catch {
        if (ended || Date.now() > deadline) {
          throw new StartupError(`the database server in ${this.dataFolder} did not ${ended ? 'stay up' : 'answer'}: ${this.logTail()}`);
        }
      } finally {
        await client.end().catch(() => undefined);
      }
      await pause(50);
    }
  }

  /** The server log's last lines, for a start that failed. */
  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
    } catch {
      return `see ${this.logFile}`;
    }
  }

  /** Creates the database if it is missing; answers the server's version (e.g. 17.10). */
  async ensureDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
      return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    } finally {
      await client.end();
    }
  }

  /** Fast shutdown (it checkpoints): closing the pipe tells the watchdog. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.watchdog.stdin?.end();
    await this.exited;
  }
}
