import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEVELOPMENT_ACCESS_HASH_SECRET } from '@app/platform';
import { runToEnd } from '../support/child-run';
import { ServiceName, Stack, serviceEntryPoint } from '../support/stack';

const DIST = process.env.CONTACT_LINKS_DIST ?? join(__dirname, '..', '..', 'dist');
const GOOD_SECRET = 'a'.repeat(64);

/** Every setting production needs, valid; each case below spoils one. Nothing listens at the webhook or the broker: a refused start never reaches them. */
const PRODUCTION: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  ACCESS_HASH_SECRET: GOOD_SECRET,
  TEST_NUMBERS: 'false',
  CODE_SENDER: 'webhook',
  CODE_WEBHOOK_URL: 'http://127.0.0.1:9/login-codes',
  CODE_WEBHOOK_SECRET: 'b'.repeat(40),
  KAFKA_BROKERS: '127.0.0.1:9',
  DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
  PORT: '0',
  METRICS_PORT: '0',
};

/** The environment a child gets: this process's, minus whatever could switch a setting on by accident. */
function childEnv(overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...PRODUCTION, ...overrides };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env;
}

async function start(service: ServiceName, overrides: NodeJS.ProcessEnv) {
  const run = await runToEnd(process.execPath, [join(DIST, ...serviceEntryPoint(service))], childEnv(overrides));
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { code: run.code, lines };
}

/** docs/invariants.md: with NODE_ENV=production a service refuses development settings, in one log line, and exits non-zero. */
describe('production refuses development settings at start', () => {
  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    ['ACCESS_HASH_SECRET unset', { ACCESS_HASH_SECRET: undefined }, /ACCESS_HASH_SECRET is not set/],
    ['ACCESS_HASH_SECRET empty', { ACCESS_HASH_SECRET: '' }, /ACCESS_HASH_SECRET is not set/],
    [
      'ACCESS_HASH_SECRET the development value',
      { ACCESS_HASH_SECRET: DEVELOPMENT_ACCESS_HASH_SECRET },
      /ACCESS_HASH_SECRET is the development value/,
    ],
    ['ACCESS_HASH_SECRET of 31 bytes', { ACCESS_HASH_SECRET: 'x'.repeat(31) }, /ACCESS_HASH_SECRET is shorter than 32 bytes/],
    ['test numbers on', { TEST_NUMBERS: 'true' }, /TEST_NUMBERS is on/],
    ['the log code sender', { CODE_SENDER: 'log' }, /CODE_SENDER is log/],
    ['no webhook URL', { CODE_WEBHOOK_URL: undefined }, /CODE_WEBHOOK_URL is not set/],
    ['a short webhook secret', { CODE_WEBHOOK_SECRET: 'short' }, /CODE_WEBHOOK_SECRET is shorter than 32 bytes/],
  ])('the gateway with %s exits 1 and says why', async (_case, overrides, reason) => {
    const { code, lines } = await start('message-gateway', overrides);
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      service: 'message-gateway',
      msg: expect.stringMatching(/^refusing to start: NODE_ENV=production refuses development settings: /),
    });
    expect(lines[0].msg).toMatch(reason);
    // The log line names settings, never their values.
    for (const value of Object.values(overrides)) if (value && value.length > 5) expect(lines[0].msg).not.toContain(value);
  });

  it.each<ServiceName>(['link-projector', 'result-assembler'])('%s refuses too', async (service) => {
    const { code, lines } = await start(service, { TEST_NUMBERS: 'true', ACCESS_HASH_SECRET: undefined });
    expect(code).toBe(1);
    expect(lines.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^refusing to start: .*ACCESS_HASH_SECRET is not set; TEST_NUMBERS is on/),
    ]);
  });

  it('the embedded mode in production needs the SMS gateway (it is zero-configuration only outside production)', async () => {
    const dataDir = join(DIST, '..', '.data', 'test-embedded', `production-${process.pid}`);
    const { code, lines } = await start('embedded', {
      KAFKA_BROKERS: undefined,
      DATABASE_URL: undefined,
      CODE_WEBHOOK_URL: undefined,
      DATA_DIR: dataDir,
    });
    rmSync(dataDir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: expect.stringMatching(/^refusing to start: .*CODE_WEBHOOK_URL is not set/) });
  });

  it('with every setting right, production starts: the three services on Kafka and Postgres become ready', async () => {
    const { KAFKA_BROKERS: _kafka, DATABASE_URL: _database, PORT: _port, METRICS_PORT: _metrics, ...settings } = PRODUCTION;
    const stack = await Stack.start({ env: settings });
    try {
      const ready = await fetch(`${stack.apiService().url}/health/ready`);
      expect(ready.status).toBe(200);
    } finally {
      await stack.stop();
    }
  });
});
