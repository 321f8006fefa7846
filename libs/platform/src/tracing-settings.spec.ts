import { ConfigError, tracingSettings } from './config';

describe('tracingSettings: tracing starts only with an exporter configured', () => {
  it.each<[string, NodeJS.ProcessEnv, boolean]>([
    ['nothing set', {}, false],
    [
      'empty values (the Kubernetes base)',
      { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_TRACES_EXPORTER: '', OTEL_SDK_DISABLED: 'false' },
      false,
    ],
    ['an OTLP endpoint', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    ['a traces-only endpoint', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    ['an exporter without endpoint', { OTEL_TRACES_EXPORTER: 'console' }, true],
    ['exporter none, despite an endpoint', { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    ['OTEL_SDK_DISABLED', { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
  ])('%s', (_what, env, enabled) => {
    expect(tracingSettings(env).enabled).toBe(enabled);
  });

  it('keeps 1,000 links per span unless told otherwise, and refuses a value that is no count', () => {
    expect(tracingSettings({}).linkCountLimit).toBe(1_000);
    expect(tracingSettings({ OTEL_SPAN_LINK_COUNT_LIMIT: '64' }).linkCountLimit).toBe(64);
    expect(() => tracingSettings({ OTEL_SPAN_LINK_COUNT_LIMIT: 'many' })).toThrow(ConfigError);
    expect(() => tracingSettings({ OTEL_SDK_DISABLED: 'yes' })).toThrow(ConfigError);
  });
});
