import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Summarises .cpuprofile files (from BENCH_CPU_PROF_DIR=<dir> npm run bench, or any node --cpu-prof):
 * per process, the share of samples by package or source area and the top functions by self time.
 *   node dist/bench/profile-summary.js <dir> [top]
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}
interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Where a frame's code lives: a package under node_modules, an area of this repo, node internals, or a VM state. */
function area(url: string, name: string): string {
  if (!url) return `(${name || 'vm'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/((?:apps|libs|bench|tools)\/[^/]+)/.exec(url);
  if (own) return own[1];
  return url.startsWith('node:') ? 'node internals' : url;
}

function summarise(file: string, top: number): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = area(url, functionName);
    byArea.set(where, (byArea.get(where) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(1).padStart(5)} %`;
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `${file}: ${(total / 1000).toFixed(1)} s sampled`,
    '  by area (self time):',
    ...ranked(byArea).map(([k, ms]) => `    ${pct(ms)}  ${k}`),
    '  top functions (self time):',
    ...ranked(byFunction).map(([k, ms]) => `    ${pct(ms)}  ${k}`),
  ];
}

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node dist/bench/profile-summary.js <dir with .cpuprofile files> [top]\n');
  process.exit(2);
}
for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort()) {
  process.stdout.write(`${summarise(join(dir, name), Number(topArg ?? 15)).join('\n')}\n\n`);
}
