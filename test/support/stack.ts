import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { folderSecret, scrubText } from '@app/platform';
import { ApiClient } from './api-client';
import { eventually } from './deadline';
import { logLeaks, witnessedSecrets } from './log-witness';

/** The services of the distributed mode, a process each. */
export const PIPELINE_SERVICES = ['message-gateway', 'link-projector', 'result-assembler'] as const;
export type ServiceName = (typeof PIPELINE_SERVICES)[number] | 'embedded';

/** `distributed`: three services on Kafka and a Postgres server; `embedded`: one process on its own database (EMBEDDED_DATABASE). */
export type StackMode = 'distributed' | 'embedded';

/** The repository root: the nearest directory up with a package.json (from test/support, or a compiled copy of it). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const ROOT = repositoryRoot(__dirname);
/** The built services: `npm run build`'s dist/, or a copy of it named by CONTACT_LINKS_DIST (the bench runs from one). */
const DIST = process.env.CONTACT_LINKS_DIST ?? join(ROOT, 'dist');

/** A service's entry point inside dist/: the file the e2e tests start and the images run. */
export function serviceEntryPoint(name: ServiceName): string[] {
  return ['apps', name, 'src', 'main.js'];
}
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Ports handed out by this process. A port is free again once `unusedPort` closes it, so the next
 * call may get the same one before the service it went to has bound it: a service once got the
 * same port for PORT and METRICS_PORT and failed with EADDRINUSE.
 */
const handedOut = new Set<number>();

/** A free port on 127.0.0.1 that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of its own for a test that starts services by hand; `drop` removes it. */
export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `contact_links_test_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** One running service process of the stack. */
export class ServiceProcess {
  process?: ChildProcess;
  exited?: Promise<number | null>;

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    /** Where the service serves Prometheus `/metrics` (a port of its own). */
    readonly metricsPort: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get metricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}/metrics`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [join(DIST, ...serviceEntryPoint(this.name))], {
      env: { ...process.env, ...this.env, PORT: String(this.port), METRICS_PORT: String(this.metricsPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.process = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const exitedEarly = this.exited.then((code) => {
      throw new Error(`${this.name} exited with ${code} during start-up; see ${this.logFile}`);
    });
    const ready = eventually(
      `${this.name} ready on ${this.url} (log: ${this.logFile})`,
      async () => {
        const response = await fetch(`${this.url}/health/ready`);
        return response.ok ? true : undefined;
      },
      60_000,
      100,
    );
    await Promise.race([ready, exitedEarly]);
    exitedEarly.catch(() => undefined); // a later exit (kill, stop) is not a start-up failure
  }

  /** Stops the process: SIGTERM for a graceful stop, SIGKILL to simulate a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return this.process?.exitCode ?? null;
    this.process.kill(signal);
    return this.exited!;
  }
}

/**
 * A stack's id, in its database, topic prefix and folder names. It must read back from the logs as
 * it is, and the log scrubber censors what looks like a secret (a run of 7 digits looks like a
 * phone number: about 5 % of random 8-hex ids have one): such ids are drawn again.
 */
function stackId(): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (scrubText(id, []) === id) return id;
  }
}

/**
 * The system as real processes, each stack with its own state so runs never share it: in the
 * distributed mode the three services on a real Kafka broker and Postgres (own database and topic
 * prefix), in the embedded mode one process with its own data folder.
 */
export class Stack {
  readonly services: ServiceProcess[] = [];

  private constructor(
    readonly mode: StackMode,
    readonly brokers: string,
    readonly databaseUrl: string,
    readonly databaseName: string,
    readonly topicPrefix: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly logDir: string,
    readonly dataDir: string,
  ) {}

  /**
   * `replicas` (distributed mode): that many processes of every service, on six partitions (the
   * deployment's default) so each consumer replica owns some; `gateways` overrides the gateways' count.
   */
  static async start(
    options: { gateways?: number; replicas?: number; env?: NodeJS.ProcessEnv; brokers?: string; mode?: StackMode } = {},
  ): Promise<Stack> {
    const mode = options.mode ?? 'distributed';
    const brokers = options.brokers ?? BROKERS;
    const id = stackId();
    const databaseName = `contact_links_test_${id}`;
    const databaseUrl = ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${databaseName}`);
    const logDir = join(ROOT, '.data', 'test-logs', id);
    const dataDir = join(ROOT, '.data', 'test-embedded', id);
    mkdirSync(logDir, { recursive: true });
    if (mode === 'embedded') {
      const env = { DATA_DIR: dataDir, SEND_TIMEOUT_MS: '15000', ...options.env };
      const stack = new Stack(mode, brokers, databaseUrl, databaseName, `test-${id}`, env, logDir, dataDir);
      await stack.add('embedded');
      return stack;
    }
    await admin((client) => client.query(`CREATE DATABASE ${databaseName}`));
    const env = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers,
      TOPIC_PREFIX: `test-${id}`,
      EVENT_PARTITIONS: (options.replicas ?? 1) > 1 ? '6' : '3',
      SEND_TIMEOUT_MS: '15000',
      // Sign-ups use test numbers; the secret is the stack's own, so no access hash from another stack (or the development value) works.
      TEST_NUMBERS: 'true',
      ACCESS_HASH_SECRET: randomBytes(32).toString('hex'),
      ...options.env,
    };
    const stack = new Stack(mode, brokers, databaseUrl, databaseName, `test-${id}`, env, logDir, dataDir);
    // The projector first: it owns the migrations' first run and the topics (others wait on the lock).
    await stack.add('link-projector');
    const replicas = options.replicas ?? 1;
    const times = (count: number, name: ServiceName) => Array.from({ length: count }, () => stack.add(name));
    await Promise.all([
      ...times(replicas - 1, 'link-projector'),
      ...times(replicas, 'result-assembler'),
      ...times(options.gateways ?? replicas, 'message-gateway'),
    ]);
    return stack;
  }

  /** Starts one more service of the stack; `env` overrides the stack's settings for it. */
  async add(name: ServiceName, env: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
    const service = new ServiceProcess(
      name,
      await freePort(),
      await freePort(),
      { ...this.env, ...env },
      join(this.logDir, `${name}-${this.services.length}.log`),
    );
    this.services.push(service);
    await service.start();
    return service;
  }

  service(name: ServiceName, index = 0): ServiceProcess {
    const found = this.services.filter((s) => s.name === name)[index];
    if (!found) throw new Error(`no ${name} #${index} in this stack`);
    return found;
  }

  /** The process serving the API: a gateway, or the embedded process. */
  apiService(index = 0): ServiceProcess {
    return this.service(this.mode === 'embedded' ? 'embedded' : 'message-gateway', index);
  }

  api(index = 0): ApiClient {
    return new ApiClient(this.apiService(index).url);
  }

  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.mode === 'embedded') throw new Error('the embedded database lives inside its process; query it in the distributed mode');
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /**
   * Every line the stack's processes logged so far, and those that carry a secret: a token, phone,
   * login code or phone_code_hash a client of this test file used, or the stack's own secrets.
   */
  logLeaks(): { lines: number; secrets: number; leaks: string[] } {
    const own = this.mode === 'embedded' ? [folderSecret(this.dataDir)] : [this.env.ACCESS_HASH_SECRET, this.env.CODE_WEBHOOK_SECRET];
    const secrets = [...witnessedSecrets(), ...own.filter((secret): secret is string => !!secret)];
    return { ...logLeaks(this.logDir, secrets), secrets: secrets.length };
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop('SIGTERM')));
    if (this.mode === 'embedded') {
      rmSync(this.dataDir, { recursive: true, force: true });
      return;
    }
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`));
    const kafka = new Kafka({ brokers: this.brokers.split(','), logLevel: logLevel.NOTHING });
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    const topics = (await kafkaAdmin.listTopics()).filter((t) => t.startsWith(`${this.topicPrefix}.`));
    if (topics.length > 0) await kafkaAdmin.deleteTopics({ topics });
    await kafkaAdmin.disconnect();
  }
}
