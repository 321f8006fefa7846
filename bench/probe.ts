import { JsonHttp } from './lib/json-http';
import { buildPopulation } from './send/population';
import { RateRunner } from './send/rate-runs';
import { SendMix } from './send/send-mix';
import { SendTarget, startMonolith, startPipeline } from './send/targets';

/**
 * A quick look at one system under one load, for development between full runs:
 *   [PROBE_ENV=NAME=value,…] node dist/bench/probe.js pipeline|platformatic|monolith <rate>[,<rate>…] [seconds] [users]
 * Prints each run's latency, errors and CPU per acknowledged send per process. Not a measurement of
 * record: `npm run bench` is (repeats, medians, ratios side by side).
 */
async function main(): Promise<void> {
  const [which = 'pipeline', rates = '100', seconds = '10', users = '300'] = process.argv.slice(2);
  // Settings of the system under test to try, e.g. PROBE_ENV=EVENT_PARTITIONS=1,CONSUMER_CONCURRENCY=1.
  const env = Object.fromEntries(
    (process.env.PROBE_ENV ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=', 2)),
  );
  const start: Record<string, () => Promise<SendTarget>> = {
    pipeline: () => startPipeline(env),
    platformatic: () => startPipeline({ ...env, KAFKA_CLIENT: 'platformatic' }, 'pipeline (platformatic)'),
    monolith: () => startMonolith(env),
  };
  if (!start[which]) throw new Error(`unknown target ${which}: pipeline, platformatic or monolith`);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const target = await start[which]();
  try {
    const http = new JsonHttp(target.baseUrl, 64);
    const population = await buildPopulation(http, Number(users));
    http.close();
    await target.settle(60_000);
    const runner = new RateRunner(target, new SendMix(population), log);
    await runner.run(50, 3);
    for (const rate of rates.split(',').map(Number)) {
      const run = await runner.run(rate, Number(seconds));
      log(
        `    CPU ms/send: ${Object.entries(run.cpuMsPerSend)
          .map(([role, ms]) => `${role} ${ms.toFixed(2)}`)
          .join(', ')}`,
      );
    }
  } finally {
    await target.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`probe failed: ${String(error)}\n`);
  process.exit(1);
});
