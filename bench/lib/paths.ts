import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The repository (logs, results, the broker's pid file, sources). */
export const REPO_ROOT = repositoryRoot(__dirname);

/**
 * The build the bench runs: bench/run.sh copies dist/ to a private snapshot and names it in
 * CONTACT_LINKS_DIST, so a rebuild or clean of the shared dist/ by someone else during the run
 * cannot swap files under the processes it starts (test/support/stack.ts reads the same variable).
 */
export const BUILD_DIR = process.env.CONTACT_LINKS_DIST ?? join(REPO_ROOT, 'dist');

export const LOG_DIR = join(REPO_ROOT, '.data', 'bench-logs');
