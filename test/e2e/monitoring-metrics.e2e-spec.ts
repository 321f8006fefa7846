import { exportedMetrics, monitoringExpressions, readPromQL } from '../support/monitoring';
import { Stack, StackMode } from '../support/stack';

/**
 * Every metric the dashboard and the alerts (deploy/k8s/base/monitoring) select is one the
 * running services export on /metrics: a renamed or removed metric fails here, not on a dashboard.
 */
describe.each<StackMode>(['distributed', 'embedded'])('dashboard and alert metrics (%s)', (mode) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode });
  });
  afterAll(() => stack?.stop());

  const scrape = async () => {
    const texts = await Promise.all(stack.services.map(async (s) => (await fetch(s.metricsUrl)).text()));
    return { texts, exported: new Set(texts.flatMap((text) => [...exportedMetrics(text)])) };
  };

  it('exports every metric the dashboard and the alerts name', async () => {
    const { exported } = await scrape();
    const missing = monitoringExpressions().flatMap(({ where, expr }) =>
      readPromQL(expr)
        .metrics.filter((metric) => !exported.has(metric))
        .map((metric) => `${where}: ${metric}`),
    );
    expect(exported.size).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  it('sets health_ready from the readiness check each service answers', async () => {
    for (const service of stack.services) expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    const { texts } = await scrape();
    for (const text of texts) expect(text).toMatch(/^health_ready 1$/m);
  });
});
