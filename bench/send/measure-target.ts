import { performance } from 'node:perf_hooks';
import { BenchSettings } from '../lib/settings';
import { JsonHttp } from '../lib/json-http';
import { peakRssMb } from '../lib/processes';
import { LatencyBreakdown } from './latency-breakdown';
import { buildPopulation } from './population';
import { RateFigures, RateRunner } from './rate-runs';
import { SendMix } from './send-mix';
import { SendTarget } from './targets';

export interface TargetFigures {
  readonly name: string;
  readonly setupSeconds: number;
  readonly fixed: readonly RateFigures[];
  readonly sustained: { readonly rate: number; readonly at?: RateFigures };
  /** Peak RSS (VmHWM) per process after all the load, MB. */
  readonly peakRssMb: Readonly<Record<string, number>>;
  /** Where a send's time goes, at the lowest rate (the pipeline only). */
  readonly breakdown?: LatencyBreakdown;
  /** One-sided pairs still unused at the end (0 means the 20% mix ran dry at some point). */
  readonly freshPairsLeft: number;
}

const WARMUP_SECONDS = 5;

/** Population, warm-up, the fixed rates, the max-sustained search and peak RSS, on one target. */
export async function measureTarget(
  start: () => Promise<SendTarget>,
  settings: BenchSettings,
  log: (line: string) => void,
  breakdown?: (target: SendTarget, mix: SendMix, rate: number) => Promise<LatencyBreakdown>,
): Promise<TargetFigures> {
  const target = await start();
  try {
    const setupStarted = performance.now();
    const http = new JsonHttp(target.baseUrl, 64);
    const population = await buildPopulation(http, settings.users);
    http.close();
    await target.settle(60_000);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    log(
      `  ${target.name}: ${population.users.length} users, ${population.steady.length} mutual and ${population.fresh.length} one-sided pairs in ${setupSeconds.toFixed(0)} s`,
    );
    const mix = new SendMix(population);
    const runner = new RateRunner(target, mix, log);
    log(`  ${target.name}: warm-up`);
    await runner.run(Math.min(...settings.rates), WARMUP_SECONDS);
    const fixed = await runner.fixedRates(settings.rates, settings.secondsPerRate, settings.repeat);
    const sustained = await runner.maxSustained(fixed, settings.sustainedP99Ms, settings.searchProbeSeconds, settings.repeat);
    const legs = breakdown ? await breakdown(target, mix, Math.min(...settings.rates)) : undefined;
    if (legs) log(`  ${target.name} @${legs.rate}/s, median ms: ${JSON.stringify(legs)}`);
    const peak: Record<string, number> = {};
    for (const { name, pid } of target.processes()) peak[name] = Math.max(peak[name] ?? 0, peakRssMb(pid));
    return { name: target.name, setupSeconds, fixed, sustained, breakdown: legs, peakRssMb: peak, freshPairsLeft: mix.freshLeft };
  } finally {
    await target.stop();
  }
}
