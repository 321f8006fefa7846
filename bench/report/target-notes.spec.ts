import { FoldRun } from '../projector/consumer-fold';
import { TargetFigures } from '../send/measure-target';
import { RateFigures } from '../send/rate-runs';
import { missedTargets } from './markdown';
import { Row } from './table';
import { TRIED, coresAt, cpuNote, foldNote, foldRssNote, rssNote, sustainedNote } from './target-notes';

const run = (rate: number, p99: number, cpuMsPerSend: Record<string, number>, errors = 0): RateFigures => ({
  rate,
  sends: rate * 10,
  p50: p99 / 3,
  p99,
  p999: p99 * 2,
  errors,
  linkShare: 0.2,
  cpuMsPerSend,
  runs: [],
});
const target = (fixed: RateFigures[], sustained: TargetFigures['sustained']): TargetFigures => ({
  name: 't',
  setupSeconds: 1,
  fixed,
  sustained,
  peakRssMb: {},
  freshPairsLeft: 1,
});
const fold = (cores: Record<string, number>, memoryAtEnd?: FoldRun['memoryAtEnd']): FoldRun => ({
  logged: 100,
  folded: 100,
  seconds: 1,
  eventsPerSecond: 100,
  reachedEnd: true,
  stalled: false,
  messageTooLarge: false,
  peakRssMb: 400,
  cores,
  memoryAtEnd,
});

describe('why a target was missed, from the run', () => {
  it('counts the cores a run kept busy from its CPU per send and its rate', () => {
    expect(coresAt(run(250, 50, { total: 6 }))).toBeCloseTo(1.5);
  });

  it('splits CPU per send into Postgres, the three services and Kafka against the monolith', () => {
    const ours = run(250, 50, {
      'message-gateway': 1.25,
      'link-projector': 1,
      'result-assembler': 0.75,
      kafka: 0.9,
      postgres: 3.2,
      total: 7.1,
    });
    const mono = run(250, 40, { monolith: 2, postgres: 3.1, total: 5.1 });
    expect(cpuNote(ours, mono).why).toBe(
      "Postgres 3.20 ms per send against the monolith's 3.10; the three services 3.00 and Kafka 0.90 against the monolith's one process 2.00: " +
        'the extra is the processes and the broker between the stages',
    );
  });

  it('names the first fixed rate above the sustained one and the cores both systems used at their max', () => {
    const pipeline = target([run(50, 60, { total: 20 }), run(200, 180, { total: 9 }, 3)], { rate: 90, at: run(90, 95, { total: 12 }) });
    const monolith = target([], { rate: 250, at: run(250, 90, { total: 5 }) });
    expect(sustainedNote({ pipeline, monolith }, 2).why).toBe(
      'at 200/s its p99 was 180 ms (3 errors); at its max it kept 1.08 of 2 cores busy, the monolith at its own 1.25',
    );
  });

  it('says which processes a fold kept busy, or that it folded nothing', () => {
    expect(foldNote(fold({ consumer: 0.55, postgres: 0.9, kafka: 0.1, total: 1.55 }), 'link-projector', 2, TRIED.projectorFold).why).toBe(
      'during the fold the link-projector used 0.55 cores, Postgres 0.90, Kafka 0.10: 1.55 of 2',
    );
    expect(foldNote(fold({}), 'link-projector', 2, TRIED.projectorFold).why).toMatch(/folded nothing/);
  });

  it('tells what an RSS peak started from and what a fold held', () => {
    expect(rssNote(240.4).why).toMatch(/^it held 240 MB when the run began/);
    expect(rssNote(undefined).why).toMatch(/not sampled/);
    expect(foldRssNote(fold({}, { heapMb: 150.2, externalMb: 80.6 })).why).toMatch(/V8 heap held 150 MB and memory outside it .* 81 MB$/);
  });
});

describe('the missed targets under the table', () => {
  const row = (measurement: string, met: boolean): Row => ({
    measurement,
    unit: '/s',
    ours: 88,
    target: { label: '≥ 1.5 × monolith', met, note: { why: 'because', tried: 'this' } },
  });

  it('lists every target not met with its figure, why and what was tried, and nothing else', () => {
    const text = missedTargets([row('max sustained', false), row('met one', true), { measurement: 'no target', unit: 'ms', ours: 3 }]);
    expect(text).toBe(
      [
        'Targets missed in this run (1):',
        '',
        '- **max sustained**: 88/s, target ≥ 1.5 × monolith. Why, in this run: because. Tried: this.',
      ].join('\n'),
    );
  });

  it('says so when every target is met', () => {
    expect(missedTargets([row('met one', true)])).toBe('Every target of issue 17 is met in this run.');
  });
});
