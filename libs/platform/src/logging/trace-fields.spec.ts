import { TraceFlags } from '@opentelemetry/api';
import { activeTraceFields, traceFieldsOf, withTraceparent } from './trace-fields';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const SPAN = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

describe('trace fields of a log line', () => {
  it('are the active span ids when there is a valid span, the carried traceparent otherwise', () => {
    expect(traceFieldsOf(SPAN, TRACEPARENT)).toEqual({ trace_id: SPAN.traceId, span_id: SPAN.spanId });
    expect(traceFieldsOf(undefined, TRACEPARENT)).toEqual({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
    expect(traceFieldsOf({ ...SPAN, traceId: '0'.repeat(32) }, TRACEPARENT)).toEqual({
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
    });
    expect(traceFieldsOf(undefined, 'not-a-traceparent')).toEqual({});
  });

  it('follow the traceparent a piece of work carries, across awaits, and only inside it', async () => {
    expect(activeTraceFields()).toEqual({});
    await withTraceparent(TRACEPARENT, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(activeTraceFields()).toEqual({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' });
    });
    expect(activeTraceFields()).toEqual({});
  });
});
