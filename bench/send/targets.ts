import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PIPELINE_SERVICES, Stack, freePort } from '../../test/support/stack';
import { freshDatabase, withClient } from '../lib/databases';
import { BUILD_DIR, LOG_DIR } from '../lib/paths';
import { sleep } from '../lib/processes';
import { CpuRoles, postgresBackends } from '../lib/cpu-time';
import { brokerPids } from '../lib/machine';

/** A system under test that serves the API: the three services, or the monolith. */
export interface SendTarget {
  readonly name: string;
  readonly baseUrl: string;
  /** Every replica serving the API (the load is spread over them); `baseUrl` is the first. */
  readonly baseUrls: readonly string[];
  readonly databaseUrl: string;
  /** From spawning its process to its first ready answer, for a target started on an empty data folder. */
  readonly readyMs?: number;
  /** The target's processes by name, for their peak RSS. */
  processes(): { name: string; pid: number }[];
  /** For replicated services: the share of the work each replica did, by service (from their /metrics). */
  replicaShares?(): Promise<Readonly<Record<string, readonly number[]>>>;
  /** Whose CPU a send costs: the target's processes and what they depend on (Postgres, Kafka). */
  cpuRoles(): CpuRoles;
  /** Resolves once all accepted work is done (no send awaiting its result, no running query). */
  settle(maxMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** Pending work in a target's database: sends without result, and queries running now. */
async function busyIn(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (db) => {
    const pending = await db.query(`SELECT count(*)::int AS n FROM sends WHERE result IS NULL`);
    const active = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    return pending.rows[0].n + active.rows[0].n;
  });
}

async function settleDatabase(databaseUrl: string, maxMs: number): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  let quietPolls = 0;
  while (Date.now() < deadline) {
    quietPolls = (await busyIn(databaseUrl)) === 0 ? quietPolls + 1 : 0;
    if (quietPolls >= 2) return true;
    await sleep(250);
  }
  return false;
}

/**
 * What both systems under test need from the load generator's point of view: test numbers for the
 * sign-ups, and a phone-lookup budget per client address that fits the whole population's
 * imports, since every simulated user calls from the one address of the load generator.
 */
const LOAD_GENERATOR_ENV = { TEST_NUMBERS: 'true', PHONE_LOOKUPS_PER_ADDRESS: '10000000' };

/**
 * The three services from dist, as real processes with their own database and topics
 * (test/support/stack); `replicas` processes of each service, the load spread over the gateways.
 */
export async function startPipeline(
  extraEnv: NodeJS.ProcessEnv = {},
  name = 'pipeline',
  replicas = 1,
): Promise<SendTarget & { stack: Stack }> {
  // The services' defaults (EVENT_PARTITIONS 6, SEND_TIMEOUT_MS 10 s) rather than the test stack's.
  const stack = await Stack.start({
    replicas,
    env: { EVENT_PARTITIONS: '6', SEND_TIMEOUT_MS: '10000', ...LOAD_GENERATOR_ENV, ...extraEnv },
  });
  const gateways = stack.services.filter((s) => s.name === 'message-gateway');
  return {
    name,
    stack,
    baseUrl: gateways[0].url,
    baseUrls: gateways.map((g) => g.url),
    replicaShares: () => replicaShares(stack),
    databaseUrl: stack.databaseUrl,
    processes: () => stack.services.map((s) => ({ name: s.name, pid: s.process!.pid! })),
    cpuRoles: () => ({
      ...Object.fromEntries(
        PIPELINE_SERVICES.map((name) => [name, () => stack.services.filter((s) => s.name === name).map((s) => s.process!.pid!)]),
      ),
      kafka: brokerPids,
      postgres: postgresBackends,
    }),
    settle: (maxMs) => settleDatabase(stack.databaseUrl, maxMs),
    stop: () => stack.stop(),
  };
}

/**
 * `npm start`'s process (dist/apps/embedded) on a fresh DATA_DIR, with its default database (the
 * PostgreSQL server it runs itself; EMBEDDED_DATABASE in extraEnv picks another). Settled through
 * the server's socket, like the others through their database.
 */
export async function startEmbedded(extraEnv: NodeJS.ProcessEnv = {}): Promise<SendTarget> {
  const started = performance.now();
  const stack = await Stack.start({ mode: 'embedded', env: { SEND_TIMEOUT_MS: '10000', ...LOAD_GENERATOR_ENV, ...extraEnv } });
  const service = stack.apiService();
  const socket = join(stack.dataDir, 'postgres', 'socket');
  const databaseUrl = `postgres://postgres@localhost/contact_links?host=${encodeURIComponent(socket)}`;
  return {
    name: 'embedded',
    baseUrl: service.url,
    baseUrls: [service.url],
    databaseUrl,
    readyMs: performance.now() - started,
    processes: () => [{ name: 'embedded', pid: service.process!.pid! }],
    cpuRoles: () => ({ embedded: () => [service.process!.pid!], postgres: postgresBackends }),
    settle: (maxMs) => settleDatabase(databaseUrl, maxMs),
    stop: () => stack.stop(),
  };
}

/** bench/monolith from dist, one process on a fresh database migrated like the services'. */
export async function startMonolith(extraEnv: NodeJS.ProcessEnv = {}): Promise<SendTarget> {
  const database = await freshDatabase('monolith');
  const port = await freePort();
  mkdirSync(LOG_DIR, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [join(BUILD_DIR, 'bench', 'monolith', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      METRICS_PORT: String(await freePort()),
      ...LOAD_GENERATOR_ENV,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(join(LOG_DIR, `monolith-${database.name}.log`));
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('close', () => (log.end(), resolve())));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitReady(baseUrl, child);
  return {
    name: 'monolith',
    baseUrl,
    baseUrls: [baseUrl],
    databaseUrl: database.url,
    processes: () => [{ name: 'monolith', pid: child.pid! }],
    cpuRoles: () => ({ monolith: () => [child.pid!], postgres: postgresBackends }),
    settle: (maxMs) => settleDatabase(database.url, maxMs),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await database.drop();
    },
  };
}

async function waitReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`monolith exited with ${child.exitCode} (see .data/bench-logs)`);
    const ok = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error('monolith not ready within 60 s');
}

/** What each replica's /metrics counts of its work: events applied (consumers), API calls answered (gateways). */
const WORK_COUNTERS: Record<string, RegExp> = {
  'message-gateway': /^http_request_duration_seconds_count\{[^}]*\} (\d+)/gm,
  'link-projector': /^events_processed_total\{[^}]*\} (\d+)/gm,
  'result-assembler': /^events_processed_total\{[^}]*\} (\d+)/gm,
};

async function replicaShares(stack: Stack): Promise<Record<string, number[]>> {
  const shares: Record<string, number[]> = {};
  for (const [service, counter] of Object.entries(WORK_COUNTERS)) {
    const replicas = stack.services.filter((s) => s.name === service);
    const counts = await Promise.all(
      replicas.map(async (replica) => {
        const text = await (await fetch(replica.metricsUrl)).text();
        return [...text.matchAll(counter)].reduce((sum, match) => sum + Number(match[1]), 0);
      }),
    );
    const total = counts.reduce((a, b) => a + b, 0);
    shares[service] = counts.map((n) => (total > 0 ? n / total : 0));
  }
  return shares;
}
