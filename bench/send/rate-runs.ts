import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { sleep } from '../lib/processes';
import { JsonHttp } from '../lib/json-http';
import { runOpenLoop } from '../lib/open-loop';
import { median, summarize } from '../lib/stats';
import { SendMix } from './send-mix';
import { SendTarget } from './targets';
import { cpuMsPer, sampleCpu } from '../lib/cpu-time';

/** One open-loop run at a fixed offered rate. */
export interface RateRun {
  readonly rate: number;
  readonly sends: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  /** Non-200 answers and calls unanswered at the end of the run. */
  readonly errors: number;
  /** Share of successful sends whose result reported a changed link. */
  readonly linkShare: number;
  /**
   * CPU milliseconds per acknowledged send, per role (the target's processes, Kafka, Postgres, and
   * the load generator, which is not in `total`), from the run's start until its backlog settled.
   */
  readonly cpuMsPerSend: Readonly<Record<string, number>>;
}

/** Medians over repeated runs at one rate. */
export type RateFigures = RateRun & { readonly runs: readonly RateRun[] };

/** How long stragglers may take after the last scheduled send (the services' SEND_TIMEOUT_MS plus slack). */
const GRACE_MS = 12_000;
const SETTLE_MS = 180_000;
/** A target has caught up when a send between mutual contacts is answered this fast, RESPONSIVE_IN_A_ROW times running. */
const RESPONSIVE_MS = 50;
const RESPONSIVE_IN_A_ROW = 3;

export class RateRunner {
  constructor(
    private readonly target: SendTarget,
    private readonly mix: SendMix,
    private readonly log: (line: string) => void,
  ) {}

  /** Sends at `rate`/s for `seconds`, then waits until the target has finished the backlog. */
  async run(rate: number, seconds: number): Promise<RateRun> {
    const roles = { ...this.target.cpuRoles(), 'load generator': () => [process.pid] };
    const cpuBefore = sampleCpu(roles);
    const http = new JsonHttp(this.target.baseUrls, 2048);
    const abort = new AbortController();
    setMaxListeners(0, abort.signal); // one listener per outstanding call
    const samples = await runOpenLoop({
      rate,
      seconds,
      graceMs: GRACE_MS,
      fire: async () => {
        const { token, params } = this.mix.next();
        const reply = await http.call('messages.sendMessage', params, { token, signal: abort.signal });
        return { ok: reply.status === 200, linkChanged: reply.status === 200 && String(reply.body?._).endsWith('Link') };
      },
    });
    abort.abort();
    http.close();
    // Calls the load generator gave up on may still be queued inside the target (its HTTP server,
    // its pool) while its database looks idle: the next run starts once a send is answered promptly.
    const settled = (await this.target.settle(SETTLE_MS)) && (await this.responsive(SETTLE_MS));
    const latency = summarize(samples.map((s) => s.latencyMs));
    const ok = samples.filter((s) => s.ok);
    const cpuMsPerSend = cpuMsPer(cpuBefore, sampleCpu(roles), Math.max(ok.length, 1), ['load generator']);
    const run: RateRun = {
      rate,
      sends: samples.length,
      p50: latency.p50,
      p99: latency.p99,
      p999: latency.p999,
      errors: samples.length - ok.length,
      linkShare: ok.length ? ok.filter((s) => s.linkChanged).length / ok.length : NaN,
      cpuMsPerSend,
    };
    this.log(
      `  ${this.target.name} @${rate}/s: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, p99.9 ${run.p999.toFixed(1)} ms, errors ${run.errors}/${run.sends}, links ${(run.linkShare * 100).toFixed(0)}%, CPU ${cpuMsPerSend.total.toFixed(1)} ms/send`,
    );
    if (!settled) this.log(`  ${this.target.name}: backlog not finished ${SETTLE_MS / 1000} s after the run; the next run starts anyway`);
    return run;
  }

  /** Whether a probe send is answered within RESPONSIVE_MS RESPONSIVE_IN_A_ROW times running, before `maxMs`. */
  private async responsive(maxMs: number): Promise<boolean> {
    const http = new JsonHttp(this.target.baseUrl, 1);
    try {
      let fast = 0;
      for (const deadline = Date.now() + maxMs; Date.now() < deadline;) {
        const started = performance.now();
        const { token, params } = this.mix.probe();
        const reply = await http.call('messages.sendMessage', params, { token });
        fast = reply.status === 200 && performance.now() - started < RESPONSIVE_MS ? fast + 1 : 0;
        if (fast >= RESPONSIVE_IN_A_ROW) return true;
        if (fast === 0) await sleep(250);
      }
      return false;
    } finally {
      http.close();
    }
  }

  /** `repeat` runs per rate, interleaved (rate A, B, C, then A, B, C again) so drift spreads evenly. */
  async fixedRates(rates: readonly number[], seconds: number, repeat: number): Promise<RateFigures[]> {
    const runs = new Map<number, RateRun[]>(rates.map((r) => [r, []]));
    for (let i = 0; i < repeat; i++) for (const rate of rates) runs.get(rate)!.push(await this.run(rate, seconds));
    return rates.map((rate) => medianOf(runs.get(rate)!));
  }

  /**
   * The highest rate whose median p99 over `repeat` runs is below `p99BoundMs` with no errors:
   * bisection between the best passing and the worst failing fixed rate, doubling upwards if
   * every fixed rate passed.
   */
  async maxSustained(
    known: readonly RateFigures[],
    p99BoundMs: number,
    seconds: (rate: number) => number,
    repeat: number,
    steps = 4,
  ): Promise<{ rate: number; at?: RateFigures }> {
    const sustains = (f: RateFigures) => f.p99 < p99BoundMs && f.errors === 0;
    let best: RateFigures | undefined = [...known].filter(sustains).sort((a, b) => b.rate - a.rate)[0];
    let worst = Math.min(...known.filter((f) => !sustains(f)).map((f) => f.rate));
    const probe = async (rate: number) => {
      const runs: RateRun[] = [];
      for (let i = 0; i < repeat; i++) runs.push(await this.run(rate, seconds(rate)));
      const figures = medianOf(runs);
      this.log(
        `  ${this.target.name} search @${rate}/s: median p99 ${figures.p99.toFixed(1)} ms, errors ${figures.errors} → ${sustains(figures) ? 'sustained' : 'not sustained'}`,
      );
      return figures;
    };
    while (!Number.isFinite(worst) && (best?.rate ?? 0) < 50_000) {
      const figures = await probe((best?.rate ?? 50) * 2);
      if (sustains(figures)) best = figures;
      else worst = figures.rate;
    }
    for (let i = 0; i < steps; i++) {
      const rate = Math.round(((best?.rate ?? 0) + worst) / 2);
      if (rate <= (best?.rate ?? 0) || rate >= worst) break;
      const figures = await probe(rate);
      if (sustains(figures)) best = figures;
      else worst = rate;
    }
    return { rate: best?.rate ?? 0, at: best };
  }
}

function medianOf(runs: readonly RateRun[]): RateFigures {
  const of = (pick: (r: RateRun) => number) => median(runs.map(pick));
  return {
    rate: runs[0].rate,
    sends: of((r) => r.sends),
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    p999: of((r) => r.p999),
    errors: of((r) => r.errors),
    linkShare: of((r) => r.linkShare),
    cpuMsPerSend: Object.fromEntries(Object.keys(runs[0].cpuMsPerSend).map((role) => [role, of((r) => r.cpuMsPerSend[role])])),
    runs,
  };
}
