/**
 * The dashboard and the alerts (deploy/k8s/base/monitoring) offline: every expression is PromQL
 * (the Prometheus project's grammar) and names metrics the code defines, and they cover what
 * operators watch. test/e2e/monitoring-metrics.e2e-spec.ts checks the same names against the
 * /metrics of running services.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertRules, dashboard, monitoringExpressions, readPromQL } from '../support/monitoring';

type Json = any; // the dashboard and rules are free-form; the assertions say what they expect

/** The names libs/platform/src/metrics.ts gives its metrics (a histogram's series carry suffixes). */
function definedMetrics(): Set<string> {
  const source = readFileSync(join(__dirname, '..', '..', 'libs', 'platform', 'src', 'metrics.ts'), 'utf8');
  const names = new Set<string>();
  for (const [, kind, name] of source.matchAll(/new (Counter|Gauge|Histogram)\(\{\s*name: '(\w+)'/g)) {
    names.add(name);
    if (kind === 'Histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(name + suffix);
  }
  return names;
}

const metricsOf = (expressions: { expr: string }[]) => new Set(expressions.flatMap((e) => readPromQL(e.expr).metrics));

describe('dashboard and alerts', () => {
  const expressions = monitoringExpressions();

  it('finds the expressions, and the parser refuses what is not PromQL', () => {
    expect(expressions.length).toBeGreaterThan(10);
    expect(readPromQL('sum(rate(dead_letters_total[5m])').valid).toBe(false);
    expect(readPromQL('sum by (le) (rate(x_bucket{a="b"}[$__rate_interval]))')).toEqual({ valid: true, metrics: ['x_bucket'] });
  });

  it('writes every expression in valid PromQL, each selecting a metric libs/platform/src/metrics.ts defines', () => {
    const defined = definedMetrics();
    for (const { where, expr } of expressions) {
      const { valid, metrics } = readPromQL(expr);
      expect([where, valid, metrics.length > 0]).toEqual([where, true, true]);
      for (const metric of metrics) expect([where, metric, defined.has(metric)]).toEqual([where, metric, true]);
    }
  });

  it('shows send latency, sends per second, consumer lag per partition, dead letters and the outbox backlog', () => {
    const panels: Json[] = dashboard().panels;
    const shown = metricsOf(panels.flatMap((p) => p.targets));
    for (const metric of [
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'consumer_lag',
      'dead_letters_total',
      'outbox_unpublished',
    ])
      expect(shown).toContain(metric);
    const lag = panels.find((p) => p.targets.some((t: Json) => readPromQL(t.expr).metrics.includes('consumer_lag')));
    expect(lag.targets[0].expr).toMatch(/by \([^)]*\bpartition\b/);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels) expect(panel.datasource.uid).toBe('${datasource}');
  });

  it('alerts on growing lag, dead letters, a stuck outbox and readiness flapping, each with a severity and a summary', () => {
    const rules: Json[] = alertRules().spec.groups.flatMap((g: Json) => g.rules);
    const alerted = metricsOf(rules);
    for (const metric of ['consumer_lag', 'dead_letters_total', 'outbox_unpublished', 'health_ready']) expect(alerted).toContain(metric);
    expect(rules.find((r) => r.expr.includes('changes(health_ready'))).toBeDefined();
    expect(rules.find((r) => r.expr.includes('deriv(consumer_lag'))).toBeDefined();
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^ContactLinks[A-Z]\w+$/);
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toBeTruthy();
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });
});
