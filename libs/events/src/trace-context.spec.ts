import { isTraceparent, traceIdOf, traceparentFor } from './trace-context';

describe('trace context', () => {
  it('starts a trace, and a child keeps the trace id with a new span id', () => {
    const root = traceparentFor();
    expect(isTraceparent(root)).toBe(true);
    const child = traceparentFor(root);
    expect(traceIdOf(child)).toBe(traceIdOf(root));
    expect(child).not.toBe(root);
  });

  it.each(['', 'garbage', `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01`, `01-${'a'.repeat(32)}-${'1'.repeat(16)}-01`])(
    'rejects %j and starts afresh',
    (bad) => {
      expect(isTraceparent(bad)).toBe(false);
      expect(isTraceparent(traceparentFor(bad))).toBe(true);
    },
  );

  it('gives distinct span ids across many refills of its random pool', () => {
    const root = traceparentFor();
    const spans = Array.from({ length: 5_000 }, () => traceparentFor(root).slice(36, 52));
    expect(new Set(spans).size).toBe(spans.length);
    expect(spans.every((span) => /^[0-9a-f]{16}$/.test(span))).toBe(true);
  });
});
