/**
 * The PromQL of the dashboard and the alerts in deploy/k8s/base/monitoring, read from the files
 * that ship them, and parsed with the Prometheus project's own PromQL grammar (lezer-promql).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';

const DIR = join(__dirname, '..', '..', 'deploy', 'k8s', 'base', 'monitoring');
export const DASHBOARD_FILE = join(DIR, 'contact-links.dashboard.json');
export const ALERTS_FILE = join(DIR, 'alerts.yaml');

export interface Expression {
  /** Where it is: a panel's title or an alert's name. */
  readonly where: string;
  readonly expr: string;
}

// The files are free-form JSON and YAML; the tests say what shape they expect.
type Json = any;

export function dashboard(): Json {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));
}

export function alertRules(): Json {
  return parse(readFileSync(ALERTS_FILE, 'utf8'));
}

export function monitoringExpressions(): Expression[] {
  const panels = dashboard().panels.flatMap((p: Json) => p.targets.map((t: Json) => ({ where: `panel "${p.title}"`, expr: t.expr })));
  const alerts = alertRules().spec.groups.flatMap((g: Json) => g.rules.map((r: Json) => ({ where: `alert ${r.alert}`, expr: r.expr })));
  return [...panels, ...alerts];
}

/** Grafana's interval variables stand for a duration; PromQL itself has none. */
function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_)?interval/g, '5m');
}

/** Whether the expression is PromQL, and the metric names it selects. */
export function readPromQL(expr: string): { valid: boolean; metrics: string[] } {
  const text = withoutGrafanaVariables(expr);
  let valid = true;
  const metrics: string[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) valid = false;
      const name = node.name === 'VectorSelector' ? node.node.getChild('Identifier') : null;
      if (name) metrics.push(text.slice(name.from, name.to));
    },
  });
  return { valid, metrics };
}

/** The metrics a /metrics text exports, with the series a histogram exports under its name. */
export function exportedMetrics(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) names.add(name + suffix);
  }
  return names;
}
