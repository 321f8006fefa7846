/**
 * Cross-file facts of the Kubernetes deployment (deploy/): what the manifests and the Dockerfile
 * promise, checked against what the code does. Each overlay is rendered with
 * deploy/check/kustomize.sh (a missing kustomize fails the tests; deploy/check.sh explains how to
 * get one). Facts are read from the code itself: default ports and consumer groups from the app
 * modules, env variables from every `env.X` read, topics from libs/platform/src/event-log/kafka/kafka-topics.ts,
 * health paths from the controller, the start command from the e2e harness, and the build output
 * from tsconfig.build.json. Schemas are checked separately (deploy/check/validate.js).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { CONSUMERS } from '../../libs/events/src/names';
import { developmentSettings, loadConfig } from '../../libs/platform/src/config';
import { alertRules, dashboard } from '../support/monitoring';
import { ServiceName, serviceEntryPoint } from '../support/stack';

// Rendered manifests are free-form YAML; the assertions below say what shape they expect.
type K8s = any;

const ROOT = join(__dirname, '..', '..');
const OVERLAYS = ['dev', 'prod'];
const DOCKERFILE = 'deploy/docker/Dockerfile';
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** All matches of a regex with one capture group. */
function captures(source: string, pattern: RegExp): string[] {
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** `export const NAME = <number or 'string'>` in a source file; fails loudly if missing. */
function constant(path: string, name: string): string {
  const match = new RegExp(`export const ${name} = (?:'([^']*)'|(\\d+))`).exec(read(path));
  if (!match) throw new Error(`${path} no longer declares ${name}; update test/deploy/manifests.spec.ts`);
  return match[1] ?? match[2];
}

// ---------- what the code says ----------

interface ServiceFacts {
  readonly name: string;
  readonly defaultPort: number;
  /** Consumer group suffix and the config.topics key it consumes (consumers only). */
  readonly consumes?: { readonly group: string; readonly topicKey: string };
}

function serviceFacts(
  name: string,
  moduleFile: string,
  portConst: string,
  consumer?: { controller: string; consumer: keyof typeof CONSUMERS },
): ServiceFacts {
  const modulePath = `apps/${name}/src/${moduleFile}`;
  const main = read(`apps/${name}/src/main.ts`);
  // The constant must be what main.ts really boots with, under the service's own name.
  if (!new RegExp(`runService\\('${name}', \\w+, ${portConst}\\)`).test(main)) {
    throw new Error(`apps/${name}/src/main.ts no longer boots as runService('${name}', <module>, ${portConst})`);
  }
  if (!consumer) return { name, defaultPort: Number(constant(modulePath, portConst)) };
  const controllerPath = `apps/${name}/src/${consumer.controller}`;
  const topicKey = new RegExp(`@EventPattern<TopicKey>\\('(\\w+)', \\{ consumer: CONSUMERS\\.${consumer.consumer} \\}`).exec(
    read(controllerPath),
  )?.[1];
  if (!topicKey) throw new Error(`${controllerPath}: cannot find the topic its consumer reads`);
  return {
    name,
    defaultPort: Number(constant(modulePath, portConst)),
    consumes: { group: CONSUMERS[consumer.consumer], topicKey },
  };
}

const SERVICES: readonly ServiceFacts[] = [
  serviceFacts('message-gateway', 'gateway.module.ts', 'GATEWAY_DEFAULT_PORT'),
  serviceFacts('link-projector', 'link-projector.module.ts', 'PROJECTOR_DEFAULT_PORT', {
    controller: 'link-projection.controller.ts',
    consumer: 'projector',
  }),
  serviceFacts('result-assembler', 'result-assembler.module.ts', 'ASSEMBLER_DEFAULT_PORT', {
    controller: 'result-assembly.controller.ts',
    consumer: 'assembler',
  }),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = `${dir}/${entry}`;
    if (statSync(join(ROOT, path)).isDirectory()) return entry === 'test' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Every env variable the services' code reads: `env.X`, `env['X']`, and helpers called as `f(env, 'X')`.
 * The migrate Job and the embedded mode (one process, no Kubernetes) have settings of their own.
 */
function envVarsReadByApps(): string[] {
  const files = [...sourceFiles('apps'), ...sourceFiles('libs')].filter(
    (f) => !f.startsWith('apps/migrate/') && !/(^apps\/embedded\/|\/embedded-[\w-]+\.ts$)/.test(f),
  );
  const names = new Set<string>();
  for (const file of files) {
    const source = read(file);
    for (const pattern of [/\benv\.([A-Z][A-Z0-9_]*)/g, /\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g, /\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g]) {
      for (const name of captures(source, pattern)) names.add(name);
    }
  }
  return [...names].filter((name) => !EMBEDDED_ONLY_SETTINGS.has(name)).sort();
}
/** Read in config.ts with the rest (the one place settings are read), but only the embedded mode uses them. */
const EMBEDDED_ONLY_SETTINGS = new Set(['EMBEDDED_DATABASE']);
const APP_ENV = envVarsReadByApps();

/** The topics ensureTopics creates: config.topics key -> partitions ('eventPartitions' or a number) and configs. */
function topicsCreatedByCode() {
  const source = read('libs/platform/src/event-log/kafka/kafka-topics.ts');
  const entries = Object.fromEntries([...source.matchAll(/\{ name: '([\w.]+)', value: '([^']*)' \}/g)].map((m) => [m[1], m[2]]));
  const topics = [
    ...source.matchAll(/\{ topic: config\.topics\.(\w+), numPartitions: (?:config\.(eventPartitions)|(\d+)), configEntries: \w+ \}/g),
  ].map((m) => ({ key: m[1], partitions: m[2] ?? Number(m[3]) }));
  if (topics.length !== 3 || Object.keys(entries).length === 0) {
    throw new Error(
      'libs/platform/src/event-log/kafka/kafka-topics.ts changed shape; update topicsCreatedByCode in test/deploy/manifests.spec.ts',
    );
  }
  return { topics, configEntries: entries };
}
const CODE_TOPICS = topicsCreatedByCode();

/** The two health routes, from the controller every service registers, and its check timeout if it has one. */
function healthPaths(): { live: string; ready: string; readyTimeoutMs?: number } {
  const source = read('libs/platform/src/health.controller.ts');
  const base = /@Controller\('([^']+)'\)/.exec(source)?.[1];
  const gets = captures(source, /@Get\('([^']+)'\)/g);
  const registered = /controllers: \[[^\]]*HealthController/.test(read('libs/platform/src/service-core.module.ts'));
  if (!base || !gets.includes('live') || !gets.includes('ready') || !registered) {
    throw new Error('the health routes moved (libs/platform/src/health.controller.ts, service-core.module.ts); update healthPaths');
  }
  const timeout = /const PROBE_TIMEOUT_MS = ([\d_]+);/.exec(source)?.[1];
  return { live: `/${base}/live`, ready: `/${base}/ready`, readyTimeoutMs: timeout ? Number(timeout.replace(/_/g, '')) : undefined };
}
const HEALTH = healthPaths();

/** The command the e2e harness starts a service with (test/support/stack.ts), for a service name. */
function e2eStartScript(service: string): string {
  return ['dist', ...serviceEntryPoint(service as ServiceName)].join('/');
}

/** The .js files `npm run build` emits (tsc -p tsconfig.build.json), relative to the root. */
let emitted: Set<string> | undefined;
function emittedByBuild(): Set<string> {
  if (emitted) return emitted;
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT, undefined, join(ROOT, 'tsconfig.build.json'));
  const outputs = parsed.fileNames.flatMap((file) => ts.getOutputFileNames(parsed, file, false));
  emitted = new Set(outputs.filter((f) => f.endsWith('.js')).map((f) => relative(ROOT, f)));
  return emitted;
}

// ---------- the Dockerfile ----------

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}
interface Stage {
  readonly name?: string;
  readonly from: string;
  readonly instructions: Instruction[];
}

/** A small Dockerfile reader: continuation lines joined, comments dropped, stages split at FROM. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const [keyword, ...rest] = full.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: startLine });
  });
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name, value] = instruction.args.split('=');
      args[name] = value;
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { args, stages };
}

const DOCKER = parseDockerfile(read(DOCKERFILE));

/** A stage and the stages it is built FROM, base first. */
function stageChain(name: string): Stage[] {
  const stage = DOCKER.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`${DOCKERFILE} has no stage ${name}`);
  const parent = DOCKER.stages.find((s) => s.name === stage.from);
  return parent?.name ? [...stageChain(parent.name), stage] : [stage];
}

/** The last CMD of a target as an argv (exec form; a shell-form CMD fails the lint test). */
function imageCommand(target: string): string[] {
  const cmd = stageChain(target)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'CMD')
    .pop();
  if (!cmd) throw new Error(`${DOCKERFILE}: target ${target} has no CMD`);
  return JSON.parse(cmd.args) as string[];
}

/** The runnable targets: stages with a CMD of their own. */
const TARGETS = DOCKER.stages.filter((s) => s.name && s.instructions.some((i) => i.keyword === 'CMD')).map((s) => s.name!);

// ---------- rendered manifests ----------

function render(overlay: string): K8s[] {
  let output: string;
  try {
    output = execFileSync('bash', [join(ROOT, 'deploy/check/kustomize.sh'), join(ROOT, 'deploy/k8s/overlays', overlay)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    throw new Error(`rendering deploy/k8s/overlays/${overlay} failed; run \`bash deploy/check.sh\` for the tools.\n${stderr}`, {
      cause: error,
    });
  }
  return parseAllDocuments(output)
    .map((doc) => doc.toJS())
    .filter((doc) => doc !== null);
}

/** The pod spec of a Deployment, Job or CronJob. */
function podSpec(object: K8s): K8s {
  return object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
}

function podLabels(object: K8s): Record<string, string> {
  return (object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template).metadata.labels;
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The image reference split into repository and tag. */
function splitImage(image: string): { repository: string; tag: string | undefined } {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? { repository: image.slice(0, at), tag: image.slice(at + 1) } : { repository: image, tag: undefined };
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: K8s[] = [];
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const one = (kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`overlay ${overlay} renders no ${kind} ${name}`);
    return found;
  };
  const configMap = (name: string) => one('ConfigMap', name).data as Record<string, string>;

  /**
   * The environment a container sees, as the app would read it: envFrom ConfigMaps, then `env`
   * (which wins). Secret values are unknown: they show as `<secret name/key>`.
   */
  function containerEnv(container: K8s): Record<string, string> {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      expect(source.configMapRef).toBeDefined(); // no envFrom Secret: its keys could not be checked
      Object.assign(env, configMap(source.configMapRef.name));
    }
    for (const variable of container.env ?? []) {
      const secret = variable.valueFrom?.secretKeyRef;
      env[variable.name] = secret ? `<secret ${secret.name}/${secret.key}>` : variable.value;
    }
    return env;
  }

  function secretRefs(container: K8s): K8s[] {
    return (container.env ?? []).map((v: K8s) => v.valueFrom?.secretKeyRef).filter(Boolean);
  }

  /** The KafkaTopic that carries a topic name. */
  function kafkaTopic(topic: string): K8s {
    const found = all('KafkaTopic').find((t) => (t.spec.topicName ?? t.metadata.name) === topic);
    if (!found) throw new Error(`overlay ${overlay} has no KafkaTopic for ${topic}`);
    return found;
  }

  beforeAll(() => {
    objects = render(overlay);
  });

  it('has one Deployment per service, and no others', () => {
    expect(
      all('Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(SERVICES.map((s) => s.name).sort());
  });

  describe.each(SERVICES.map((s) => [s.name, s] as const))('%s', (name, service) => {
    const deployment = () => one('Deployment', name);
    const container = () => {
      const containers = podSpec(deployment()).containers;
      expect(containers).toHaveLength(1);
      return containers[0];
    };
    const config = () => loadConfig(name, service.defaultPort, containerEnv(container()));

    it('is given every env variable the apps read', () => {
      const env = containerEnv(container());
      expect(APP_ENV.length).toBeGreaterThan(10); // the scan still finds the reads
      expect(APP_ENV.filter((variable) => !(variable in env))).toEqual([]);
      // Each value parses as the app parses it (ranges, integers).
      expect(() => config()).not.toThrow();
    });

    it('listens on all interfaces, on the port the probes and Service use, and never migrates on start', () => {
      const env = containerEnv(container());
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.MIGRATE_ON_START).toBe('false');
      expect(config().port).toBe(service.defaultPort);
      const http = container().ports.find((p: K8s) => p.name === 'http');
      expect(http.containerPort).toBe(service.defaultPort);
      const service_ = one('Service', name);
      expect(selects(service_.spec.selector, podLabels(deployment()))).toBe(true);
      const metrics = container().ports.find((p: K8s) => p.name === 'metrics');
      expect(metrics.containerPort).toBe(config().metricsPort);
      expect(metrics.containerPort).not.toBe(http.containerPort);
      // The Service names either port: `http` for clients, `metrics` for scraping.
      for (const port of service_.spec.ports) expect([http.name, metrics.name]).toContain(port.targetPort);
      expect(deployment().spec.template.metadata.annotations['prometheus.io/port']).toBe(String(config().metricsPort));
    });

    it('probes the health routes the app serves, on its HTTP port', () => {
      const c = container();
      const port = (probe: K8s) =>
        typeof probe.httpGet.port === 'string'
          ? c.ports.find((p: K8s) => p.name === probe.httpGet.port)?.containerPort
          : probe.httpGet.port;
      expect(c.livenessProbe.httpGet.path).toBe(HEALTH.live);
      expect(c.readinessProbe.httpGet.path).toBe(HEALTH.ready);
      // The readiness route bounds its own checks; the probe waits longer, to get its answer.
      if (HEALTH.readyTimeoutMs) expect(c.readinessProbe.timeoutSeconds * 1000).toBeGreaterThan(HEALTH.readyTimeoutMs);
      for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe].filter(Boolean)) {
        expect([HEALTH.live, HEALTH.ready]).toContain(probe.httpGet.path);
        expect(port(probe)).toBe(service.defaultPort);
      }
    });

    it('runs the image CMD, which is the command the e2e tests start the service with', () => {
      expect(container().command).toBeUndefined();
      expect(container().args).toBeUndefined();
      expect(imageCommand(name)).toEqual(['node', e2eStartScript(name)]);
    });

    it('gives a stopping consumer time to finish its batch, and a stopping gateway time to answer', () => {
      const spec = podSpec(deployment());
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
      const preStop = Number(container().lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      if (!service.consumes) expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + config().sendTimeoutMs / 1000);
    });

    it('has requests and a memory limit, and spreads its pods over nodes and zones', () => {
      const resources = container().resources;
      expect(resources.requests.cpu).toBeDefined();
      expect(resources.requests.memory).toBeDefined();
      expect(resources.limits.memory).toBeDefined();
      const spread = podSpec(deployment()).topologySpreadConstraints;
      expect(spread.map((c: K8s) => c.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const constraint of spread) expect(selects(constraint.labelSelector.matchLabels, podLabels(deployment()))).toBe(true);
    });

    it('has a PodDisruptionBudget for its pods only, which never blocks a drain of a single replica', () => {
      const budgets = all('PodDisruptionBudget').filter((b) => selects(b.spec.selector.matchLabels, podLabels(deployment())));
      expect(budgets).toHaveLength(1);
      for (const other of all('Deployment').filter((d) => d.metadata.name !== name)) {
        expect(selects(budgets[0].spec.selector.matchLabels, podLabels(other))).toBe(false);
      }
      expect(budgets[0].spec.minAvailable).toBeUndefined();
      expect(budgets[0].spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    });

    it('leaves the replica count to its autoscaler', () => {
      expect(deployment().spec.replicas).toBeUndefined();
      if (service.consumes) {
        const scaled = all('ScaledObject').filter((s) => s.spec.scaleTargetRef.name === name);
        expect(scaled).toHaveLength(1);
        expect(all('HorizontalPodAutoscaler').filter((h) => h.spec.scaleTargetRef.name === name)).toHaveLength(0);
      } else {
        const hpa = one('HorizontalPodAutoscaler', name);
        expect(hpa.apiVersion).toBe('autoscaling/v2');
        expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
        expect(hpa.spec.metrics.some((m: K8s) => m.type === 'Resource' && m.resource.name === 'cpu')).toBe(true);
        expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      }
    });

    if (service.consumes) {
      const consumes = service.consumes;
      it('scales on the lag of its own consumer group and topic, never past the partition count', () => {
        const cfg = config();
        const topic = cfg.topics[consumes.topicKey as keyof typeof cfg.topics];
        const scaled = all('ScaledObject').find((s) => s.spec.scaleTargetRef.name === name);
        expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
        expect(scaled.spec.triggers).toHaveLength(1);
        const trigger = scaled.spec.triggers[0];
        expect(trigger.type).toBe('kafka');
        expect(trigger.metadata.topic).toBe(topic);
        expect(trigger.metadata.consumerGroup).toBe(`${cfg.consumerGroupPrefix}.${consumes.group}`);
        expect(trigger.metadata.bootstrapServers).toBe(cfg.kafkaBrokers.join(','));
        expect(trigger.metadata.allowIdleConsumers).not.toBe('true');
        expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
        expect(scaled.spec.minReplicaCount).toBeLessThanOrEqual(scaled.spec.maxReplicaCount);
        expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(kafkaTopic(topic).spec.partitions);
      });
    }
  });

  it('declares every topic the code creates, with its partitions, retention and cleanup policy', () => {
    const gateway = SERVICES[0];
    const cfg = loadConfig(gateway.name, gateway.defaultPort, containerEnv(podSpec(one('Deployment', gateway.name)).containers[0]));
    for (const { key, partitions } of CODE_TOPICS.topics) {
      const topic = kafkaTopic(cfg.topics[key as keyof typeof cfg.topics]);
      expect(topic.apiVersion).toBe('kafka.strimzi.io/v1beta2');
      expect(topic.spec.partitions).toBe(partitions === 'eventPartitions' ? cfg.eventPartitions : partitions);
      for (const [entry, value] of Object.entries(CODE_TOPICS.configEntries)) expect(String(topic.spec.config[entry])).toBe(value);
      // The code sets no cleanup.policy, so the broker default applies: delete, never compact.
      expect(topic.spec.config['cleanup.policy'] ?? 'delete').toBe('delete');
      // Strimzi's Kafka named by the label is the cluster the services connect to.
      expect(cfg.kafkaBrokers[0].startsWith(`${topic.metadata.labels['strimzi.io/cluster']}-kafka-bootstrap`)).toBe(true);
    }
    expect(all('KafkaTopic')).toHaveLength(CODE_TOPICS.topics.length);
  });

  it(overlay === 'prod' ? 'is production and has no development setting, secrets from the Secret' : 'is a development deployment', () => {
    for (const deployment of all('Deployment')) {
      const env = containerEnv(podSpec(deployment).containers[0]);
      const config = loadConfig(deployment.metadata.name, 0, env);
      if (overlay !== 'prod') {
        expect(config.production).toBe(false);
        continue;
      }
      expect(config.production).toBe(true);
      expect(developmentSettings(config, env)).toEqual([]);
      for (const key of ['ACCESS_HASH_SECRET', 'CODE_WEBHOOK_URL', 'CODE_WEBHOOK_SECRET'])
        expect(env[key]).toBe(`<secret contact-links-secrets/${key}>`);
      expect(all('Secret').filter((secret) => secret.metadata.name.startsWith('contact-links-secrets'))).toEqual([]);
    }
  });

  it('every Deployment reads the same settings', () => {
    const perService = ['PORT', 'METRICS_PORT', 'KAFKA_CLIENT_ID'];
    const envs = all('Deployment').map((d) =>
      Object.fromEntries(Object.entries(containerEnv(podSpec(d).containers[0])).filter(([key]) => !perService.includes(key))),
    );
    for (const env of envs) expect(env).toEqual(envs[0]);
  });

  it("ships the dashboard and the alerts, and scrapes every service's metrics port labelled with its name", () => {
    const monitor = one('PodMonitor', 'contact-links');
    const [endpoint] = monitor.spec.podMetricsEndpoints;
    for (const deployment of all('Deployment')) {
      expect(selects(monitor.spec.selector.matchLabels, podLabels(deployment))).toBe(true);
      expect(podSpec(deployment).containers[0].ports.map((p: K8s) => p.name)).toContain(endpoint.port);
      expect(podLabels(deployment)['app.kubernetes.io/name']).toBe(deployment.metadata.name);
    }
    expect(endpoint.relabelings).toContainEqual({
      sourceLabels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'],
      targetLabel: 'service',
    });
    expect(one('PrometheusRule', 'contact-links').spec).toEqual(alertRules().spec);
    const dashboards = all('ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.map((c) => c.metadata.name)).toEqual(['contact-links-dashboard']);
    expect(JSON.parse(dashboards[0].data['contact-links.dashboard.json'])).toEqual(dashboard());
  });

  it('runs migrations in a Job, and replays in a Job template, with the database secret', () => {
    const job = one('Job', 'contact-links-migrate');
    const replay = one('CronJob', 'contact-links-replay');
    expect(replay.spec.suspend).toBe(true);
    for (const workload of [job, replay]) {
      const [container] = podSpec(workload).containers;
      expect(podSpec(workload).restartPolicy).toBe('Never');
      expect(containerEnv(container).DATABASE_URL).toMatch(/^<secret /);
    }
    const replayContainer = podSpec(replay).containers[0];
    expect(Object.keys(containerEnv(replayContainer))).toEqual(
      expect.arrayContaining(['KAFKA_BROKERS', 'TOPIC_EVENTS', 'CONSUMER_GROUP_PREFIX']),
    );
    expect([...replayContainer.command, ...replayContainer.args].slice(0, 3)).toEqual(['node', 'dist/tools/ops/main.js', 'replay']);
  });

  it('takes secrets from required keys of a Secret that exists or that the deploy README tells to create', () => {
    const readme = read('deploy/README.md');
    const workloads = [...all('Deployment'), ...all('Job'), ...all('CronJob')];
    for (const ref of workloads.flatMap((w) => podSpec(w).containers.flatMap(secretRefs))) {
      expect(ref.optional).not.toBe(true); // a missing secret must stop the pod, not fall back to a dev default
      const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === ref.name);
      if (secret) expect(Object.keys(secret.data ?? {})).toContain(ref.key);
      else expect([readme.includes(ref.name), readme.includes(ref.key)]).toEqual([true, true]);
    }
  });

  it('runs images built from the Dockerfile target of the same name, one registry and tag per overlay', () => {
    const workloads = [...all('Deployment'), ...all('Job'), ...all('CronJob')];
    const images = workloads.flatMap((w) => podSpec(w).containers.map((c: K8s) => ({ workload: w, image: splitImage(c.image) })));
    const prefixes = new Set<string>();
    const tags = new Set<string | undefined>();
    for (const { workload, image } of images) {
      const match = /^(.*?)contact-links\/([a-z-]+)$/.exec(image.repository);
      expect(match).not.toBeNull();
      const target = match![2];
      expect(TARGETS).toContain(target);
      if (workload.kind === 'Deployment') expect(target).toBe(workload.metadata.name);
      prefixes.add(match![1]);
      tags.add(image.tag);
    }
    expect(prefixes.size).toBe(1);
    expect(tags.size).toBe(1);
    const [tag] = tags;
    expect(tag).toBeDefined();
    expect(tag).not.toBe('latest');
  });

  it('starts every Job with an entry point that npm run build emits and its image contains', () => {
    for (const workload of [...all('Job'), ...all('CronJob')]) {
      const [container] = podSpec(workload).containers;
      const target = /contact-links\/([a-z-]+)$/.exec(splitImage(container.image).repository)![1];
      const argv = container.command ?? imageCommand(target);
      expect(argv[0]).toBe('node');
      expect(imageCopies(target).some((dir) => argv[1].startsWith(`${dir}/`))).toBe(true);
      expect(emittedByBuild().has(argv[1]) ? argv[1] : `${argv[1]} (not emitted by npm run build)`).toBe(argv[1]);
    }
  });
});

/** Paths (relative to WORKDIR /app) a target's stages copy from the build stage. */
function imageCopies(target: string): string[] {
  return stageChain(target)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'COPY' && i.args.includes('--from=build'))
    .map((i) => i.args.split(/\s+/).pop()!);
}

describe('Dockerfile', () => {
  const text = read(DOCKERFILE);

  it('passes the dockerfile-utils linter with no errors or warnings', () => {
    const problems = lintDockerfile(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  // A small hadolint-like rule set (hadolint itself is a Haskell binary that no registry reachable
  // here ships): pinned bases, exec-form commands, COPY not ADD, absolute WORKDIR, non-root, and
  // production dependencies only in every runnable image.
  it('uses a tagged, non-latest base image', () => {
    for (const stage of DOCKER.stages) {
      if (DOCKER.stages.some((s) => s.name === stage.from)) continue; // FROM another stage
      const image = stage.from.replace(/^\$\{(\w+)\}$/, (_, arg: string) => DOCKER.args[arg] ?? '');
      const { repository, tag } = splitImage(image);
      expect(repository).toBe('node');
      expect(tag).toBe(`${read('.node-version').trim()}-bookworm-slim`); // the Node CI runs the suite on
    }
  });

  it('writes CMD and ENTRYPOINT in exec form, COPY not ADD, absolute WORKDIRs', () => {
    const instructions = DOCKER.stages.flatMap((s) => s.instructions);
    for (const i of instructions.filter((x) => x.keyword === 'CMD' || x.keyword === 'ENTRYPOINT')) {
      expect(() => JSON.parse(i.args)).not.toThrow();
    }
    expect(instructions.filter((i) => i.keyword === 'ADD')).toEqual([]);
    for (const i of instructions.filter((x) => x.keyword === 'WORKDIR')) expect(i.args).toMatch(/^\//);
  });

  it.each(TARGETS)('target %s runs as non-root with production dependencies only', (target) => {
    const chain = stageChain(target).flatMap((s) => s.instructions);
    const user = chain.filter((i) => i.keyword === 'USER').pop();
    expect(user).toBeDefined();
    expect(user!.args.split(':')[0]).not.toMatch(/^(root|0)$/);
    const installs = chain.filter((i) => i.keyword === 'RUN' && /\bnpm (ci|install|i)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/\bnpm ci\b.*--omit=dev/);
  });

  it.each(TARGETS)('target %s starts an entry point that npm run build emits and the image contains', (target) => {
    const [node, script] = imageCommand(target);
    expect(node).toBe('node');
    expect(existsSync(join(ROOT, script.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    expect(imageCopies(target).some((dir) => script.startsWith(`${dir}/`))).toBe(true);
    if (!emittedByBuild().has(script)) {
      throw new Error(`${script} is not emitted by \`npm run build\` (tsconfig.build.json), so image ${target} cannot be built`);
    }
  });

  it('builds from a context that holds what it copies and leaves out local state', () => {
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*'); // allow-list: nothing enters the context unless named below
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const copied = DOCKER.stages
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of copied) expect(allowed).toContain(source.replace(/\/$/, ''));
    for (const local of ['node_modules', 'dist', '.git', '.cache', '.data', '.env']) expect(allowed).not.toContain(local);
  });
});
