import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Server, Socket, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { runToEnd } from '../support/child-run';
import { eventually } from '../support/deadline';
import { PIPELINE_SERVICES, ServiceName, freePort, scratchDatabase, serviceEntryPoint } from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const DIST = process.env.CONTACT_LINKS_DIST ?? join(ROOT, 'dist');
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const POSTGRES_PORT = Number(process.env.PGPORT ?? 5432);
const TOPIC_PREFIX = `start-up-${process.pid}`;

interface LogLine {
  level: string;
  msg: string;
  attempt?: number;
  [field: string]: unknown;
}

/** A service started by hand, its JSON log lines collected as they come. */
class Watched {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(service: ServiceName, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [join(DIST, ...serviceEntryPoint(service))], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TEST_NUMBERS: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop()!;
      for (const part of parts) if (part.trim()) this.lines.push(JSON.parse(part));
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  messages(): string[] {
    return this.lines.map((line) => line.msg);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** A TCP forwarder to `target`, started only when the test says: a dependency that comes up late. */
function forwarder(port: number, target: number): Promise<Server> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** What a service needs besides its dependencies: free ports, a short wait for them. */
async function baseEnv(): Promise<NodeJS.ProcessEnv> {
  return {
    PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    STARTUP_WAIT_SECONDS: '3',
    TOPIC_PREFIX,
  };
}

describe('start-up: a dependency that does not answer, a port in use', () => {
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  const started: Watched[] = [];
  const start = (service: ServiceName, env: NodeJS.ProcessEnv) => {
    const watched = new Watched(service, env);
    started.push(watched);
    return watched;
  };
  beforeAll(async () => {
    database = await scratchDatabase();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await database?.drop();
    // The one start that reached the broker created the prefix's topics.
    const admin = new Kafka({ brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${TOPIC_PREFIX}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  it.each<ServiceName>(PIPELINE_SERVICES)(
    '%s waits for an unreachable broker with a line per attempt, then exits 1 naming it and how to start it',
    async (service) => {
      const brokers = `127.0.0.1:${await freePort()}`;
      const run = start(service, { ...(await baseEnv()), DATABASE_URL: database.url, KAFKA_BROKERS: brokers });
      expect(await run.exited).toBe(1);
      const waits = run.lines.filter((line) => line.msg.startsWith(`waiting for Kafka at ${brokers} (KAFKA_BROKERS): `));
      expect(waits.length).toBeGreaterThanOrEqual(2);
      expect(waits.map((w) => w.attempt)).toEqual(waits.map((_, i) => i + 1));
      expect(run.lines.at(-1)).toMatchObject({ level: 'error' });
      expect(run.lines.at(-1)!.msg).toMatch(new RegExp(`^cannot start: Kafka at ${brokers} \\(KAFKA_BROKERS\\): .*npm run kafka -- start`));
      // One line for the failure: no client library's stack trace.
      expect(run.lines.filter((line) => line.level === 'error')).toHaveLength(1);
    },
  );

  it('waits for an unreachable database, then exits 1 naming it and how to start it', async () => {
    const port = await freePort();
    const run = start('message-gateway', {
      ...(await baseEnv()),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/contact_links`,
      KAFKA_BROKERS: BROKERS,
    });
    expect(await run.exited).toBe(1);
    expect(
      run.messages().filter((msg) => msg.startsWith(`waiting for PostgreSQL at 127.0.0.1:${port}/contact_links (DATABASE_URL): `)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(run.lines.at(-1)!.msg).toMatch(
      new RegExp(
        `^cannot start: PostgreSQL at 127\\.0\\.0\\.1:${port}/contact_links \\(DATABASE_URL\\): .*ECONNREFUSED.*deploy/local/postgres\\.sh ensure`,
      ),
    );
  });

  it('does not wait for a database that does not exist: it says so at once', async () => {
    const run = start('message-gateway', {
      ...(await baseEnv()),
      STARTUP_WAIT_SECONDS: '600',
      DATABASE_URL: database.url.replace(/\/[^/]*$/, '/contact_links_missing'),
      KAFKA_BROKERS: BROKERS,
    });
    expect(await run.exited).toBe(1);
    expect(run.messages().filter((msg) => msg.startsWith('waiting for'))).toEqual([]);
    expect(run.lines.at(-1)!.msg).toMatch(
      /^cannot start: PostgreSQL at .*\/contact_links_missing \(DATABASE_URL\): database "contact_links_missing" does not exist; /,
    );
  });

  it('starts once a database that was down comes up', async () => {
    const port = await freePort();
    const run = start('message-gateway', {
      ...(await baseEnv()),
      STARTUP_WAIT_SECONDS: '120',
      DATABASE_URL: database.url.replace(`:${POSTGRES_PORT}/`, `:${port}/`),
      KAFKA_BROKERS: BROKERS,
    });
    await eventually(
      'a logged wait for PostgreSQL',
      async () => (run.messages().some((msg) => msg.startsWith('waiting for PostgreSQL')) ? true : undefined),
      60_000,
    );
    const proxy = await forwarder(port, POSTGRES_PORT);
    try {
      await eventually(
        'the gateway to listen',
        async () => (run.messages().some((msg) => msg.startsWith('listening on http://')) ? true : undefined),
        90_000,
      );
      expect(run.messages()).toContainEqual(expect.stringMatching(/^PostgreSQL at .* answers; starting$/));
    } finally {
      await run.stop();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('npm run start:stack with an unreachable broker prints no banner, says which service stopped, and exits 1', async () => {
    const brokers = `127.0.0.1:${await freePort()}`;
    const env = { ...process.env, ...(await baseEnv()), STARTUP_WAIT_SECONDS: '2', DATABASE_URL: database.url, KAFKA_BROKERS: brokers };
    const run = await runToEnd('bash', [join(ROOT, 'deploy', 'local', 'start-stack.sh')], env);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain('API on');
    expect(run.stderr).toMatch(
      /contact-links \(distributed\): (link-projector|result-assembler|message-gateway) exited \(code 1\) before it was ready/,
    );
    expect(run.stdout).toContain(`cannot start: Kafka at ${brokers} (KAFKA_BROKERS)`);
  });

  describe('a port another program holds', () => {
    let holder: Server;
    let port: number;
    beforeEach(async () => {
      port = await freePort();
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise((resolve) => holder.close(resolve)));

    it.each([
      ['PORT', (held: number, other: number) => ({ PORT: String(held), METRICS_PORT: String(other) })],
      ['METRICS_PORT', (held: number, other: number) => ({ PORT: String(other), METRICS_PORT: String(held) })],
    ])('held %s: the embedded mode exits 1 naming the port and the setting, and releases its data folder', async (setting, ports) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'contact-links-port-'));
      try {
        const run = start('embedded', { DATA_DIR: dataDir, ...ports(port, await freePort()) });
        expect(await run.exited).toBe(1);
        expect(run.lines.at(-1)!.msg).toBe(
          `cannot start: port ${port} on 127.0.0.1 (${setting}) is in use: another contact-links process or another program listens there; stop it, or set ${setting} to a free port`,
        );
        expect(existsSync(join(dataDir, 'lock'))).toBe(false);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
