import { createHash } from 'node:crypto';
import { chownSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '../../startup/startup-error';
import { ServerUser } from './server-user';

/** A unix socket's path must fit `sockaddr_un.sun_path` (108 bytes with its NUL on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 103;
const SOCKET_FILE = '.s.PGSQL.5432';

/**
 * Where the server's unix socket lives: `<folder>/socket`, or, when that path is too long for a
 * socket, a short folder in the temp directory named by a hash of the server's folder. Either is
 * mode 0700 and the server user's, so nothing else on the machine can connect.
 */
export function socketFolder(serverFolder: string, user: ServerUser | undefined): string {
  const inside = join(serverFolder, 'socket');
  const folder =
    join(inside, SOCKET_FILE).length <= MAX_SOCKET_PATH
      ? inside
      : join(tmpdir(), `contact-links-pg-${createHash('sha256').update(serverFolder).digest('hex').slice(0, 12)}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (user) chownSync(folder, user.uid, user.gid);
  const stat = lstatSync(folder);
  const owner = user?.uid ?? process.getuid?.();
  // A folder in the shared temp directory could have been made by someone else first.
  if (!stat.isDirectory() || (owner !== undefined && stat.uid !== owner) || (stat.mode & 0o077) !== 0) {
    throw new StartupError(`${folder} (the database server's socket folder) must be a folder of uid ${owner} with mode 0700; remove it`);
  }
  return folder;
}
