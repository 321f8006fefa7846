import { BenchSettings, loadSettings, probeSeconds } from './settings';

describe('the search probes of the max sustained rate', () => {
  const settings = (searchProbeSeconds: number, searchProbeSends: number): BenchSettings => ({
    ...loadSettings(),
    searchProbeSeconds,
    searchProbeSends,
  });

  it.each([
    // rate, seconds, sends → how long a probe runs
    [200, 5, 500, 5],
    [100, 5, 500, 5],
    [20, 5, 500, 25],
    [16, 5, 500, 32],
    [3, 5, 500, 167],
    [20, 30, 500, 30],
  ])('at %p/s with %p s and %p sends run %p s', (rate, seconds, sends, expected) => {
    expect(probeSeconds(rate, settings(seconds, sends))).toBe(expected);
  });

  it('offers at least its sends whatever the rate', () => {
    for (const rate of [1, 7, 13, 19, 33, 99, 101, 499]) expect(rate * probeSeconds(rate, settings(5, 500))).toBeGreaterThanOrEqual(500);
  });
});
