import { readFileSync } from 'node:fs';

/** Who the server's processes run as; undefined: as this process. */
export interface ServerUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const NOBODY = 65534;

/**
 * PostgreSQL refuses to run as root, and containers often run as root: then the server runs as
 * `nobody` (from /etc/passwd, else the usual 65534), owning nothing but the server's folder.
 */
export function serverUser(uid: number | undefined = process.getuid?.(), passwd = readPasswd()): ServerUser | undefined {
  if (uid !== 0) return undefined;
  const entry = passwd
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody' && fields.length >= 4);
  const [id, group] = entry ? [Number(entry[2]), Number(entry[3])] : [NaN, NaN];
  return Number.isInteger(id) && Number.isInteger(group)
    ? { name: 'nobody', uid: id, gid: group }
    : { name: 'nobody', uid: NOBODY, gid: NOBODY };
}

function readPasswd(): string {
  try {
    return readFileSync('/etc/passwd', 'utf8');
  } catch {
    return '';
  }
}
