import { TargetFigures } from '../send/measure-target';

// vega and vega-lite ship CommonJS builds for Node; no browser or canvas is needed for SVG.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vegaLite = require('vega-lite') as { compile(spec: object): { spec: object } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vega = require('vega') as {
  parse(spec: object): object;
  View: new (runtime: object, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
};

/** One point of the chart: a system's median latency percentile at one offered rate. */
export interface LatencyPoint {
  readonly system: string;
  readonly rate: number;
  readonly percentile: 'p50' | 'p99';
  readonly ms: number;
}

/** The fixed-rate runs of each system as points (medians of the repeated runs, as in the table). */
export function latencyPoints(targets: readonly TargetFigures[]): LatencyPoint[] {
  return targets.flatMap((target) =>
    target.fixed.flatMap((run) => [
      { system: target.name, rate: run.rate, percentile: 'p50' as const, ms: run.p50 },
      { system: target.name, rate: run.rate, percentile: 'p99' as const, ms: run.p99 },
    ]),
  );
}

/** Latency against offered rate, both axes logarithmic (rates and latencies span decades), a line per system and percentile. */
export function latencyChartSpec(points: readonly LatencyPoint[], subtitle: string): object {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Send latency against offered rate', subtitle },
    width: 560,
    height: 320,
    background: 'white',
    data: { values: points },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'rate', type: 'quantitative', scale: { type: 'log' }, title: 'offered sends/s (open loop)' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'latency, ms (median of runs)' },
      color: { field: 'system', type: 'nominal', title: 'system' },
      strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile' },
      tooltip: [{ field: 'system' }, { field: 'rate' }, { field: 'percentile' }, { field: 'ms' }],
    },
  };
}

/** The chart as a standalone SVG document. */
export async function renderSvg(spec: object): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
