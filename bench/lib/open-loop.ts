import { performance } from 'node:perf_hooks';

/** One request's outcome; latency runs from its scheduled start, not from when it was sent. */
export interface Sample {
  readonly latencyMs: number;
  readonly ok: boolean;
  /** For sends: the result reported a changed link (a *Link constructor). */
  readonly linkChanged: boolean;
}

export interface OpenLoopOptions {
  /** Requests per second, on a fixed schedule. */
  readonly rate: number;
  readonly seconds: number;
  /** How long after the last scheduled request outstanding ones may still finish. */
  readonly graceMs: number;
  /** Fires request `i`; resolves with whether it succeeded and changed a link. */
  readonly fire: (i: number) => Promise<{ ok: boolean; linkChanged: boolean }>;
}

/**
 * Open-loop load: request i is due at start + i/rate and fired then whatever the earlier ones are
 * doing, so a slow server cannot slow the offered load down (no coordinated omission). A request
 * still unanswered at the end of the grace period counts as an error with the latency it had.
 */
export async function runOpenLoop({ rate, seconds, graceMs, fire }: OpenLoopOptions): Promise<Sample[]> {
  const total = Math.max(1, Math.round(rate * seconds));
  const intervalMs = 1000 / rate;
  const start = performance.now() + 20;
  const samples: Sample[] = new Array(total);
  const pending = new Set<number>();
  const outstanding: Promise<void>[] = [];

  const launch = (i: number, due: number) => {
    pending.add(i);
    outstanding.push(
      fire(i).then(
        ({ ok, linkChanged }) => record(i, due, ok, linkChanged),
        () => record(i, due, false, false),
      ),
    );
  };
  const record = (i: number, due: number, ok: boolean, linkChanged: boolean) => {
    if (!pending.delete(i)) return;
    samples[i] = { latencyMs: performance.now() - due, ok, linkChanged };
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        launch(next, start + next * intervalMs);
        next += 1;
      }
      if (next < total) setTimeout(tick, Math.max(0, Math.min(1, start + next * intervalMs - performance.now())));
      else resolve();
    };
    setTimeout(tick, 20);
  });

  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(outstanding), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  const end = performance.now();
  for (const i of pending) samples[i] = { latencyMs: end - (start + i * intervalMs), ok: false, linkChanged: false };
  pending.clear();
  return samples;
}
