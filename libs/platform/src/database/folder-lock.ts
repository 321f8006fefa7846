import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../startup/startup-error';
import { processAlive } from './process-alive';

/** The data folder is held by another process: a start or an ops command says so in one line. */
export class FolderInUse extends StartupError {}

/** Folders this process holds: a second open in the same process is refused too. */
const held = new Set<string>();

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // gone meanwhile
  }
}

/**
 * Claims a data folder for this process: a `lock` file holding its pid. PGlite has no lock of its
 * own, and two processes on one folder corrupt it. The file appears with its content at once (a
 * hard link of a written temp file); a lock whose process is dead is moved aside and claimed anew.
 */
export function lockFolder(folder: string, purpose: string): () => void {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'lock');
  if (held.has(path)) throw new FolderInUse(`${folder} is already open in this process`);
  const mine = join(folder, `lock.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        linkSync(mine, path);
        held.add(path);
        return () => {
          held.delete(path);
          rmSync(path, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = holderOf(path);
      if (holder !== undefined && processAlive(holder)) {
        throw new FolderInUse(
          `${folder} is in use by process ${holder}; stop it before ${purpose} (if that process is not contact-links, delete ${path})`,
        );
      }
      const aside = `${mine}.stale`;
      try {
        renameSync(path, aside);
        // Another process may have claimed the folder between the check and the move: give it back.
        const moved = holderOf(aside);
        if (moved !== holder && moved !== undefined && processAlive(moved)) linkSync(aside, path);
      } catch {
        // Someone else moved or claimed it first: look again.
      } finally {
        rmSync(aside, { force: true });
      }
    }
    throw new FolderInUse(`cannot lock ${folder}: the lock file keeps changing`);
  } finally {
    rmSync(mine, { force: true });
  }
}
