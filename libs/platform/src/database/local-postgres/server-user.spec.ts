import { serverUser } from './server-user';

const PASSWD = ['root:x:0:0:root:/root:/bin/bash', 'nobody:x:65000:65001:nobody:/nonexistent:/usr/sbin/nologin', ''].join('\n');

describe('serverUser: who runs the embedded database server', () => {
  it('is this process itself when it is not root', () => {
    expect(serverUser(1000, PASSWD)).toBeUndefined();
  });

  it('is nobody, with the ids /etc/passwd gives, when this process is root (PostgreSQL refuses root)', () => {
    expect(serverUser(0, PASSWD)).toEqual({ name: 'nobody', uid: 65000, gid: 65001 });
  });

  it('falls back to the usual 65534 when /etc/passwd has no usable nobody', () => {
    expect(serverUser(0, '')).toEqual({ name: 'nobody', uid: 65534, gid: 65534 });
    expect(serverUser(0, 'nobody:x:abc:def:::')).toEqual({ name: 'nobody', uid: 65534, gid: 65534 });
  });
});
