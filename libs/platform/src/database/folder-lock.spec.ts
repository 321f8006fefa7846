import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderInUse, lockFolder } from './folder-lock';

const folder = () => mkdtempSync(join(tmpdir(), 'folder-lock-'));
/** A pid that no process has: one that just exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('lockFolder', () => {
  it('writes this pid into the lock, refuses a second claim, and frees the folder on release', () => {
    const dir = folder();
    const release = lockFolder(dir, 'testing');
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    expect(() => lockFolder(dir, 'testing')).toThrow(FolderInUse);
    release();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    lockFolder(dir, 'testing')();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a live holder and what to do', () => {
    const dir = folder();
    writeFileSync(join(dir, 'lock'), String(process.ppid));
    expect(() => lockFolder(dir, 'starting')).toThrow(`is in use by process ${process.ppid}; stop it before starting`);
  });

  it('takes over a lock left by a dead process', () => {
    const dir = folder();
    writeFileSync(join(dir, 'lock'), String(deadPid()));
    const release = lockFolder(dir, 'testing');
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
