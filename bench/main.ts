import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { measureKafkaFloor } from './floor/kafka-hop';
import { measurePostgresUpsert } from './floor/postgres-upsert';
import { benchKafka, deleteTopics } from './lib/kafka';
import { brokerPid, gitState, otherLoad } from './lib/machine';
import { REPO_ROOT } from './lib/paths';
import { loadSettings } from './lib/settings';
import { FoldRun } from './projector/consumer-fold';
import { preloadLog } from './projector/preload-log';
import { measureProjector } from './projector/projector-throughput';
import { measureReplay, replayUnavailable } from './replay/replay-rate';
import { latencyChartSpec, latencyPoints, renderSvg } from './report/latency-chart';
import { markdownReport, markdownTable, missedTargets } from './report/markdown';
import { BenchResults } from './report/results';
import { tableRows } from './report/table';
import { measureAccept } from './send/gateway-accept';
import { measureBreakdown } from './send/latency-breakdown';
import { measureTarget } from './send/measure-target';
import { startEmbedded, startMonolith, startPipeline } from './send/targets';

const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const started = performance.now();
const concurrentLoad = new Set<string>();

function log(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

let broker = brokerPid();

/** Runs a step, noting other work (jest, a broker restart) seen on the machine when it starts and ends. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const noteLoad = () => {
    otherLoad().forEach((p) => concurrentLoad.add(`${p} (during ${name})`));
    const now = brokerPid();
    if (now !== broker)
      concurrentLoad.add(`the Kafka broker was restarted by someone else (pid ${broker} → ${now}, by the end of ${name})`);
    broker = now;
  };
  log(name);
  noteLoad();
  const result = await work();
  noteLoad();
  return result;
}

async function repeated<T>(times: number, work: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < times; run++) results.push(await work(run));
  return results;
}

/** BENCH_CPU_PROF_DIR=<dir>: the processes under send load write a .cpuprofile each (see lib/cpu-profile-preload). */
function profilingEnv(): NodeJS.ProcessEnv {
  if (!process.env.BENCH_CPU_PROF_DIR) return {};
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'lib', 'cpu-profile-preload.js')}`.trim() };
}

async function main(): Promise<void> {
  const settings = loadSettings();
  const startedAt = new Date().toISOString();
  log(`settings ${JSON.stringify(settings)}`);
  const kafkaFloor = await step('floor: Kafka one hop and max msgs/s', () =>
    repeated(settings.repeat, () => measureKafkaFloor(1_000, 100_000, 20_000)),
  );
  const kafkaFloorPlatformatic = await step('floor: the same hop with @platformatic/kafka', () =>
    repeated(settings.repeat, () => measureKafkaFloor(1_000, 100_000, 20_000, 'platformatic')),
  );
  const postgresFloor = await step('floor: Postgres single-row upsert transaction', () =>
    repeated(settings.repeat, () => measurePostgresUpsert(2_000)),
  );
  // The monolith first: the pipeline is also offered the monolith's max sustained rate, to compare CPU per send there.
  const monolith = await step('monolith baseline', () => measureTarget(() => startMonolith(profilingEnv()), settings, log));
  const withMonolithRate = {
    ...settings,
    rates: [...new Set([...settings.rates, monolith.sustained.rate].filter((r) => r > 0))].sort((a, b) => a - b),
  };
  const pipeline = await step('send pipeline (three services)', () =>
    measureTarget(() => startPipeline(profilingEnv()), withMonolithRate, log, {
      breakdown: (target, mix, rate) => measureBreakdown(target, mix, rate, settings.secondsPerRate),
      accept: (target, mix) => measureAccept(target.stack, mix, settings.secondsPerRate),
    }),
  );
  const pipelinePlatformatic = await step('send pipeline with KAFKA_CLIENT=platformatic', () =>
    measureTarget(
      () => startPipeline({ ...profilingEnv(), KAFKA_CLIENT: 'platformatic' }, 'pipeline (platformatic)'),
      withMonolithRate,
      log,
    ),
  );
  const scaleOut = await step('send pipeline, two replicas of every service on six partitions', () =>
    measureTarget(() => startPipeline(profilingEnv(), 'pipeline, 2 replicas', 2), withMonolithRate, log),
  );
  log(`  replica shares: ${JSON.stringify(scaleOut.replicaShares)}`);
  const embedded = await step('embedded mode (npm start, its own PostgreSQL server)', () =>
    measureTarget(() => startEmbedded(profilingEnv()), withMonolithRate, log),
  );
  const eventLog = await step(`preloading a log of ${settings.logEvents.toLocaleString('en-US')} events`, () =>
    preloadLog(settings.logEvents, Math.min(20_000, Math.ceil(settings.logEvents / 50))),
  );
  log(`  log ${eventLog.prefix}.events written in ${eventLog.seconds.toFixed(0)} s`);
  const projector = await step('link-projector, then result-assembler, folding a log', () =>
    repeated(settings.repeat, async (run) => {
      const result = await measureProjector(eventLog, run, settings.projectorSeconds, 'raised', true);
      const describe = (fold: FoldRun) =>
        `${fold.folded.toLocaleString('en-US')} events in ${fold.seconds.toFixed(1)} s = ${Math.round(fold.eventsPerSecond).toLocaleString('en-US')} events/s`;
      log(`  run ${run + 1}: projector ${describe(result)}${result.assembler ? `; assembler ${describe(result.assembler)}` : ''}`);
      return result;
    }),
  );
  const projectorWithDefaults = await step('link-projector with the default max.message.bytes', async () => {
    const result = await measureProjector(eventLog, 0, Math.min(60, settings.projectorSeconds), 'default');
    log(
      `  ${result.folded.toLocaleString('en-US')} events${result.stalled ? ', then stalled' : ''}${result.messageTooLarge ? ' (broker: message too large)' : ''}`,
    );
    return result;
  });
  const unavailable = replayUnavailable();
  const replay = unavailable
    ? { runs: [], unavailable }
    : await step('replay into the shadow schema (ops CLI)', async () => ({
        runs: await repeated(settings.repeat, async (run) => {
          const result = await measureReplay(eventLog);
          log(
            `  run ${run + 1}: ${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s = ${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s`,
          );
          return result;
        }),
      }));
  await deleteTopics(benchKafka('bench-cleanup'), eventLog.prefix).catch(() => undefined);

  const git = gitState();
  const results: BenchResults = {
    meta: {
      startedAt,
      finishedAt: new Date().toISOString(),
      totalSeconds: (performance.now() - started) / 1000,
      gitCommit: git.commit,
      gitDirty: git.dirty,
      node: process.version,
      cores: cpus().length,
      settings,
      concurrentLoad: [...concurrentLoad],
    },
    floor: { kafka: kafkaFloor, kafkaPlatformatic: kafkaFloorPlatformatic, postgres: postgresFloor },
    pipeline,
    pipelinePlatformatic,
    scaleOut,
    monolith,
    embedded,
    projector: { log: eventLog, runs: projector, withDefaultLimit: projectorWithDefaults },
    replay,
  };
  const rows = tableRows(results);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.meta.finishedAt.replace(/[:.]/g, '-');
  const json = JSON.stringify({ ...results, table: rows }, null, 2);
  const markdown = markdownReport(results, rows);
  const chart = await renderSvg(
    latencyChartSpec(
      latencyPoints([pipeline, pipelinePlatformatic, scaleOut, embedded, monolith]),
      `${results.meta.finishedAt.slice(0, 10)}, commit ${git.commit.slice(0, 7)}, ${results.meta.cores} cores, medians of ${settings.repeat}`,
    ),
  );
  for (const name of [`bench-${stamp}`, 'latest']) {
    writeFileSync(join(RESULTS_DIR, `${name}.json`), json);
    writeFileSync(join(RESULTS_DIR, `${name}.md`), markdown);
    writeFileSync(join(RESULTS_DIR, `${name}-latency.svg`), chart);
  }
  process.stdout.write(`\n${markdownTable(rows)}\n\n${missedTargets(rows)}\n\n`);
  log(`results in bench/results/latest.{json,md} and latest-latency.svg (and bench-${stamp}.*)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
