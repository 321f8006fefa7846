import { KAFKA_CLIENT_LIBRARIES, KafkaClientLibrary } from '@app/platform';
import { measureKafkaFloor } from './floor/kafka-hop';
import { FRAMEWORKS, Framework } from './http/framework-app';
import { measureFramework } from './http/framework-overhead';
import { cpuMsPer, sampleCpu } from './lib/cpu-time';
import { JsonHttp } from './lib/json-http';
import { sleep } from './lib/processes';
import { preloadLog } from './projector/preload-log';
import { measureProjector } from './projector/projector-throughput';
import { buildPopulation } from './send/population';
import { measureAccept } from './send/gateway-accept';
import { measureBreakdown } from './send/latency-breakdown';
import { RateRunner } from './send/rate-runs';
import { SendMix } from './send/send-mix';
import { SendTarget, startEmbedded, startMonolith, startPipeline } from './send/targets';

/**
 * A quick look at one system under one load, for development between full runs:
 *   [PROBE_ENV=NAME=value,…] node dist/bench/probe.js pipeline|platformatic|monolith <rate>[,<rate>…] [seconds] [users]
 *   node dist/bench/probe.js hop kafkajs|platformatic|confluent [pings]
 *   node dist/bench/probe.js accept [seconds] [users]
 *   node dist/bench/probe.js http express|fastify[,…] [rates] [seconds] [rounds]
 *   [PROBE_ENV=…] node dist/bench/probe.js fold [events] [seconds]
 * Prints the CPU each process uses while idle (ms per second), then each run's latency, errors and
 * CPU per acknowledged send per process, then (pipeline) the median legs of a send at 50/s. Not a
 * measurement of record: `npm run bench` is (repeats, medians, ratios side by side).
 */
async function main(): Promise<void> {
  if (process.argv[2] === 'hop') return hop(process.argv[3] ?? 'kafkajs', Number(process.argv[4] ?? 1_000));
  if (process.argv[2] === 'http') return frameworks(...process.argv.slice(3));
  // Settings of the system under test to try, e.g. PROBE_ENV=EVENT_PARTITIONS=1,CONSUMER_CONCURRENCY=1.
  const env = Object.fromEntries(
    (process.env.PROBE_ENV ?? '')
      .split(',')
      .filter(Boolean)
      // Split at the first '=' only: a value may hold more (NODE_OPTIONS=--max-old-space-size=128).
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  if (process.argv[2] === 'fold') return fold(Number(process.argv[3] ?? 200_000), Number(process.argv[4] ?? 100), env);
  if (process.argv[2] === 'accept') return accept(Number(process.argv[3] ?? 10), Number(process.argv[4] ?? 300));
  const [which = 'pipeline', rates = '100', seconds = '10', users = '300'] = process.argv.slice(2);
  const start: Record<string, () => Promise<SendTarget>> = {
    pipeline: () => startPipeline(env),
    platformatic: () => startPipeline({ ...env, KAFKA_CLIENT: 'platformatic' }, 'pipeline (platformatic)'),
    monolith: () => startMonolith(env),
    embedded: () => startEmbedded(env),
  };
  if (!start[which]) throw new Error(`unknown target ${which}: ${Object.keys(start).join(', ')}`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const target = await start[which]();
  try {
    const http = new JsonHttp(target.baseUrl, 64);
    const population = await buildPopulation(http, Number(users));
    http.close();
    await target.settle(60_000);
    const idleBefore = sampleCpu(target.cpuRoles());
    await sleep(5_000);
    const idle = cpuMsPer(idleBefore, sampleCpu(target.cpuRoles()), 5);
    log(`  idle CPU ms/s: ${describe(idle)}`);
    const mix = new SendMix(population);
    const runner = new RateRunner(target, mix, log);
    await runner.run(50, 3);
    for (const rate of rates.split(',').map(Number)) {
      const run = await runner.run(rate, Number(seconds));
      log(`    CPU ms/send: ${describe(run.cpuMsPerSend)}`);
    }
    if (which !== 'monolith') {
      const legs = await measureBreakdown(target, mix, 50, Number(seconds));
      const describeLegs = (l: typeof legs.tail) =>
        `gateway in ${l.gatewayIn.toFixed(2)}, to projector ${l.toProjector.toFixed(2)}, ` +
        `projector to assembler ${l.projectorToAssembler.toFixed(2)}, assembler and reply ${l.assemblerAndReply.toFixed(2)}, total ${l.total.toFixed(2)}`;
      log(`  legs @50/s (ms, median of ${legs.sends} sends): ${describeLegs(legs)}`);
      log(`  legs of the slowest 1 % (ms): ${describeLegs(legs.tail)}`);
    }
  } finally {
    await target.stop();
  }
}

/** The bare Kafka hop through one client's adapter (the bench's floor step): sequential pings, then batched and per-call throughput. */
async function hop(library: string, pings: number): Promise<void> {
  if (!KAFKA_CLIENT_LIBRARIES.includes(library as KafkaClientLibrary))
    throw new Error(`unknown client ${library}: ${KAFKA_CLIENT_LIBRARIES.join(', ')}`);
  const floor = await measureKafkaFloor(pings, 100_000, 20_000, library as KafkaClientLibrary);
  const { p50, p99, p999 } = floor.hop;
  process.stderr.write(
    `  hop ${library} (ms): p50 ${p50.toFixed(2)}, p99 ${p99.toFixed(2)}, p99.9 ${p999.toFixed(2)}; ` +
      `msgs/s batched ${Math.round(floor.batchedMsgsPerSecond)}, per call ${Math.round(floor.perCallMsgsPerSecond)}\n`,
  );
}

/** The bench's gateway accept step alone (consumers stopped, answers not awaited), with the gateway's CPU per call at each rate. */
async function accept(seconds: number, users: number): Promise<void> {
  const target = await startPipeline({});
  try {
    const http = new JsonHttp(target.baseUrl, 64);
    const population = await buildPopulation(http, users);
    http.close();
    await target.settle(60_000);
    const result = await measureAccept(target.stack, new SendMix(population), seconds);
    for (const step of result.steps) {
      process.stderr.write(
        `  accept @${step.rate}/s: ${step.logged} of ${step.offered} in the log, ${step.unexpected} unexpected replies, ` +
          `gateway ${step.gatewayCores.toFixed(2)} cores = ${((step.gatewayCores * 1e6) / step.rate).toFixed(0)} µs/call\n`,
      );
    }
    process.stderr.write(`  kept up with ${result.rate}/s: ${Math.round(result.perCore)}/s per gateway core\n`);
  } finally {
    await target.stop();
  }
}

/** The HTTP frameworks' own cost per gateway-shaped call (bench/http), the frameworks interleaved over `rounds`. */
async function frameworks(names = FRAMEWORKS.join(','), rates = '1000,3000', seconds = '10', rounds = '3'): Promise<void> {
  const chosen = names.split(',') as Framework[];
  const unknown = chosen.filter((name) => !FRAMEWORKS.includes(name));
  if (unknown.length > 0) throw new Error(`unknown framework ${unknown.join(', ')}: ${FRAMEWORKS.join(', ')}`);
  for (let round = 1; round <= Number(rounds); round++) {
    for (const framework of chosen) {
      for (const run of await measureFramework(framework, rates.split(',').map(Number), Number(seconds))) {
        process.stderr.write(
          `  round ${round} ${framework} @${run.rate}/s: ${run.answered} answered, ${run.errors} errors, ` +
            `CPU ${run.cpuUsPerCall.toFixed(0)} µs/call\n`,
        );
      }
    }
  }
}

/** The bench's fold step once: a preloaded log folded by the link-projector, then its LinkChanged by the result-assembler. */
async function fold(events: number, capSeconds: number, env: NodeJS.ProcessEnv): Promise<void> {
  const log = await preloadLog(events, Math.min(20_000, Math.ceil(events / 50)));
  process.stderr.write(`  log of ${events.toLocaleString('en-US')} events written in ${log.seconds.toFixed(0)} s\n`);
  const projected = await measureProjector(log, 0, capSeconds, 'raised', true, env);
  for (const [service, run] of [
    ['link-projector', projected],
    ['result-assembler', projected.assembler!],
  ] as const) {
    process.stderr.write(
      `  ${service}: ${run.folded.toLocaleString('en-US')} of ${run.logged.toLocaleString('en-US')} events in ${run.seconds.toFixed(1)} s = ` +
        `${Math.round(run.eventsPerSecond).toLocaleString('en-US')} events/s, peak RSS ${run.peakRssMb.toFixed(0)} MB${run.stalled ? ', stalled' : ''}, ` +
        `cores ${describe(run.cores)}\n`,
    );
  }
}

function describe(perRole: Readonly<Record<string, number>>): string {
  return Object.entries(perRole)
    .map(([role, ms]) => `${role} ${ms.toFixed(2)}`)
    .join(', ');
}

main().catch((error: unknown) => {
  process.stderr.write(`probe failed: ${String(error)}\n`);
  process.exit(1);
});
