import { latencyChartSpec, latencyPoints, renderSvg } from './latency-chart';
import { TargetFigures } from '../send/measure-target';
import { RateFigures } from '../send/rate-runs';

const run = (rate: number, p50: number, p99: number): RateFigures => ({
  rate,
  sends: rate * 10,
  p50,
  p99,
  p999: p99 * 2,
  errors: 0,
  linkShare: 0.2,
  cpuMsPerSend: {},
  runs: [],
});
const target = (name: string, fixed: RateFigures[]): TargetFigures => ({
  name,
  setupSeconds: 1,
  fixed,
  sustained: { rate: 0 },
  peakRssMb: {},
  freshPairsLeft: 1,
});

describe('latency chart', () => {
  const targets = [target('pipeline', [run(50, 29.8, 74.8), run(200, 137, 281)]), target('monolith', [run(50, 12.3, 44.8)])];

  it('has a p50 and a p99 point per system and fixed rate, with the measured medians', () => {
    const points = latencyPoints(targets);
    expect(points).toHaveLength(6);
    expect(points).toContainEqual({ system: 'pipeline', rate: 200, percentile: 'p99', ms: 281 });
    expect(points).toContainEqual({ system: 'monolith', rate: 50, percentile: 'p50', ms: 12.3 });
  });

  it('renders a standalone SVG with a line per system and percentile and the axes named', async () => {
    const svg = await renderSvg(latencyChartSpec(latencyPoints(targets), 'test run'));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('offered sends/s (open loop)');
    expect(svg).toContain('latency, ms (median of runs)');
    // A line per (system, percentile): pipeline p50 and p99, monolith p50 and p99; a point per measurement.
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(4);
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(6);
    for (const name of ['pipeline', 'monolith', 'p50', 'p99']) expect(svg).toContain(`>${name}<`);
  });
});
