import { performance } from 'node:perf_hooks';
import { BenchSettings, probeSeconds } from '../lib/settings';
import { JsonHttp } from '../lib/json-http';
import { peakRssMb, resetPeakRss, rssMb } from '../lib/processes';
import { GatewayAccept } from './gateway-accept';
import { LatencyBreakdown } from './latency-breakdown';
import { buildPopulation } from './population';
import { RateFigures, RateRunner } from './rate-runs';
import { SendMix } from './send-mix';
import { SendTarget } from './targets';

export interface TargetFigures {
  readonly name: string;
  readonly setupSeconds: number;
  /** From spawning to ready on an empty data folder (the embedded mode: `npm start` for the first time). */
  readonly readyMs?: number;
  readonly fixed: readonly RateFigures[];
  readonly sustained: { readonly rate: number; readonly at?: RateFigures };
  /** Peak RSS (VmHWM) per process after all the load, MB: the highest fixed rate (an overload) included. */
  readonly peakRssMb: Readonly<Record<string, number>>;
  /** Peak RSS per process during one run at the max sustained rate alone, MB (absent when nothing was sustained). */
  readonly peakRssAtSustainedMb?: Readonly<Record<string, number>>;
  /** RSS per process when that run began, MB (what the earlier runs left it holding: the floor of its peak). */
  readonly rssBeforeSustainedMb?: Readonly<Record<string, number>>;
  /** Where a send's time goes, at the lowest rate (the pipeline only). */
  readonly breakdown?: LatencyBreakdown;
  /** How fast a gateway takes sends in, the results not awaited (the pipeline only). */
  readonly accept?: GatewayAccept;
  /** Replicated services: each replica's share of its service's work over the whole run. */
  readonly replicaShares?: Readonly<Record<string, readonly number[]>>;
  /** One-sided pairs still unused at the end (0 means the 20% mix ran dry at some point). */
  readonly freshPairsLeft: number;
}

const WARMUP_SECONDS = 5;

/** What else is measured on a target after the send runs; `accept` goes last (it may stop parts of the target). */
export interface TargetExtras<T extends SendTarget> {
  readonly breakdown?: (target: T, mix: SendMix, rate: number) => Promise<LatencyBreakdown>;
  readonly accept?: (target: T, mix: SendMix) => Promise<GatewayAccept>;
}

/** A memory figure per process name in MB (the largest of a name's replicas). */
function largestPerName(target: SendTarget, read: (pid: number) => number): Record<string, number> {
  const largest: Record<string, number> = {};
  for (const { name, pid } of target.processes()) largest[name] = Math.max(largest[name] ?? 0, read(pid));
  return largest;
}

/**
 * Each process's peak RSS during `work` alone: the peaks are reset first. The RSS target
 * is "under the sustained rate", which the whole-run peak, set by the overload runs, is not.
 */
async function peakRssDuring(
  target: SendTarget,
  work: () => Promise<unknown>,
): Promise<{ peak: Record<string, number>; before: Record<string, number> }> {
  const before = largestPerName(target, rssMb);
  for (const { pid } of target.processes()) resetPeakRss(pid);
  await work();
  return { peak: largestPerName(target, peakRssMb), before };
}

/** Population, warm-up, the fixed rates, the max-sustained search, a run at that rate for peak RSS, the extras, on one target. */
export async function measureTarget<T extends SendTarget>(
  start: () => Promise<T>,
  settings: BenchSettings,
  log: (line: string) => void,
  extras: TargetExtras<T> = {},
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
    const sustained = await runner.maxSustained(fixed, settings.sustainedP99Ms, (rate) => probeSeconds(rate, settings), settings.repeat);
    const rssAtSustained =
      sustained.rate > 0 ? await peakRssDuring(target, () => runner.run(sustained.rate, settings.secondsPerRate)) : undefined;
    const legs = extras.breakdown ? await extras.breakdown(target, mix, Math.min(...settings.rates)) : undefined;
    if (legs) log(`  ${target.name} @${legs.rate}/s, median ms: ${JSON.stringify(legs)}`);
    const peak = largestPerName(target, peakRssMb);
    const freshPairsLeft = mix.freshLeft;
    const replicaShares = await target.replicaShares?.();
    const accept = extras.accept ? await extras.accept(target, mix) : undefined;
    if (accept) log(`  ${target.name}: gateway accept ${JSON.stringify(accept)}`);
    return {
      name: target.name,
      readyMs: target.readyMs,
      setupSeconds,
      fixed,
      sustained,
      breakdown: legs,
      accept,
      peakRssMb: peak,
      peakRssAtSustainedMb: rssAtSustained?.peak,
      rssBeforeSustainedMb: rssAtSustained?.before,
      replicaShares,
      freshPairsLeft,
    };
  } finally {
    await target.stop();
  }
}
