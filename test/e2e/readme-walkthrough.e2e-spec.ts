import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd } from '../support/child-run';
import { Stack } from '../support/stack';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The shell block between the walkthrough markers of README.md, as a reader would paste it. */
function walkthrough(): string {
  const block = /<!-- walkthrough:start -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(README);
  if (!block) throw new Error('README.md lost its walkthrough block (<!-- walkthrough:start --> ```sh … ``` <!-- walkthrough:end -->)');
  return block[1];
}

/** Documentation that is executed cannot go stale: the README's API walkthrough, run as written against the embedded mode. */
describe('README walkthrough', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ mode: 'embedded' });
  });
  afterAll(() => stack?.stop());

  it('runs as written: every call succeeds and answers the constructor its comment names', async () => {
    const script = walkthrough();
    const run = await runToEnd('bash', ['-euo', 'pipefail', '-c', script], { ...process.env, API_URL: stack.apiService().url });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const promised = [...script.matchAll(/# → ([a-zA-Z]+\.[a-zA-Z]+|userFull|true)\b/g)].map((m) => m[1]);
    expect(promised.length).toBeGreaterThan(10);
    for (const result of promised) expect(run.stdout).toContain(result === 'true' ? '\ntrue\n' : `"_":"${result}"`);
    // The one-sided contact revealed Ann's phone to Bob: his feed shows Ann as userRequest.
    expect(run.stdout).toContain('"_":"updateContactLink"');
    expect(run.stdout).toContain('"_":"userRequest"');
    // Bob had called the API, so Ann (who has him as a contact) sees his presence.
    expect(run.stdout).toContain('"_":"contactStatus"');
  });
});
