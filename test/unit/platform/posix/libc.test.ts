// The checked libc wrappers (platform/posix/libc.ts) against the real kernel: failures become
// SystemErrors with upstream's message, and our constants agree with what the kernel reports.
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { test } from 'node:test';
import * as libc from '../../../../src/platform/posix/libc.js';
import { decodeSockaddr, encodeSockaddrIn, encodeSockaddrUn } from '../../../../src/platform/posix/sockaddr.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

const posixOnly = process.platform === 'linux' || process.platform === 'darwin' ? false : 'POSIX libc (Linux, macOS) only';

/** A socket closed when the test ends. */
function openSocket(t: { after: (fn: () => void) => void }, domain: number, type: number): number {
  const fd = libc.socket(domain, type, 0);
  t.after(() => libc.close(fd));
  return fd;
}

test('close(-1) fails with EBADF, upstream wording, syscall close', { skip: posixOnly }, () => {
  assert.throws(() => libc.close(-1), (error: NodeJS.ErrnoException) => {
    assert.equal(error.message, 'EBADF: Bad file descriptor');
    assert.equal(error.code, 'EBADF');
    assert.equal(error.syscall, 'close');
    assert.ok((error.errno ?? 0) < 0);
    return true;
  });
});

test('socket() with an unknown family fails with EAFNOSUPPORT', { skip: posixOnly }, () => {
  const c = libc.posixConstants();
  assert.throws(() => libc.socket(4242, c.SOCK_STREAM, 0), { code: 'EAFNOSUPPORT', syscall: 'socket' });
});

test('getsockopt on a regular file fails with ENOTSOCK', { skip: posixOnly }, (t) => {
  const dir = makeTempDir(t);
  const fd = openSync(`${dir}/file`, 'w');
  t.after(() => closeSync(fd));
  const c = libc.posixConstants();
  assert.throws(() => libc.getsockoptInt(fd, c.SOL_SOCKET, c.SO_TYPE), { code: 'ENOTSOCK', syscall: 'getsockopt' });
});

test('constants match the kernel: SO_TYPE, SO_DOMAIN, SO_ACCEPTCONN, sa_family', { skip: posixOnly }, (t) => {
  const c = libc.posixConstants();
  const udp6 = openSocket(t, c.AF_INET6, c.SOCK_DGRAM);
  assert.equal(libc.getsockoptInt(udp6, c.SOL_SOCKET, c.SO_TYPE), c.SOCK_DGRAM);
  if (c.SO_DOMAIN !== null) assert.equal(libc.getsockoptInt(udp6, c.SOL_SOCKET, c.SO_DOMAIN), c.AF_INET6);
  assert.equal(libc.sockaddrFamily(libc.getsockname(udp6)), c.AF_INET6);

  const tcp = openSocket(t, c.AF_INET, c.SOCK_STREAM);
  assert.equal(libc.getsockoptInt(tcp, c.SOL_SOCKET, c.SO_TYPE), c.SOCK_STREAM);
  assert.equal(libc.getsockoptInt(tcp, c.SOL_SOCKET, c.SO_ACCEPTCONN), 0);
  libc.bind(tcp, encodeSockaddrIn(c.platform, '127.0.0.1', 0));
  libc.listen(tcp, 5);
  assert.notEqual(libc.getsockoptInt(tcp, c.SOL_SOCKET, c.SO_ACCEPTCONN), 0);
  const bound = decodeSockaddr(c.platform, libc.getsockname(tcp));
  assert.equal(bound.family, 4);
  assert.ok(bound.family === 4 && bound.ip === '127.0.0.1' && bound.port > 0);
});

test('setsockopt/getsockopt round-trip an int option', { skip: posixOnly }, (t) => {
  const c = libc.posixConstants();
  const fd = openSocket(t, c.AF_INET, c.SOCK_STREAM);
  assert.equal(libc.getsockoptInt(fd, c.SOL_SOCKET, c.SO_REUSEADDR), 0);
  libc.setsockoptInt(fd, c.SOL_SOCKET, c.SO_REUSEADDR, 1);
  assert.notEqual(libc.getsockoptInt(fd, c.SOL_SOCKET, c.SO_REUSEADDR), 0);
  assert.throws(() => libc.setsockoptInt(fd, c.SOL_SOCKET, 0x7ffff, 1), { syscall: 'setsockopt' });
});

test('fcntl (variadic) reads and writes fd flags and status flags', { skip: posixOnly }, (t) => {
  const c = libc.posixConstants();
  const fd = openSocket(t, c.AF_INET, c.SOCK_DGRAM);
  assert.equal(libc.fcntl(fd, c.F_GETFD) & c.FD_CLOEXEC, 0);
  libc.fcntl(fd, c.F_SETFD, c.FD_CLOEXEC);
  assert.equal(libc.fcntl(fd, c.F_GETFD) & c.FD_CLOEXEC, c.FD_CLOEXEC);
  const flags = libc.fcntl(fd, c.F_GETFL);
  libc.fcntl(fd, c.F_SETFL, flags | c.O_NONBLOCK);
  assert.equal(libc.fcntl(fd, c.F_GETFL) & c.O_NONBLOCK, c.O_NONBLOCK);
  libc.fcntl(fd, c.F_SETFL, flags & ~c.O_NONBLOCK);
  assert.equal(libc.fcntl(fd, c.F_GETFL) & c.O_NONBLOCK, 0);
  assert.throws(() => libc.fcntl(-1, c.F_GETFD), { code: 'EBADF', syscall: 'fcntl' });
});

test('bind errors carry the address and port, or the path', { skip: posixOnly }, (t) => {
  const c = libc.posixConstants();
  const fd = openSocket(t, c.AF_INET, c.SOCK_STREAM);
  // TEST-NET-1 (RFC 5737) is never a local address; bind fails before anything is sent.
  assert.throws(() => libc.bind(fd, encodeSockaddrIn(c.platform, '192.0.2.1', 0)), (error: NodeJS.ErrnoException & { address?: string; port?: number }) => {
    assert.equal(error.message, 'EADDRNOTAVAIL: Cannot assign requested address');
    assert.deepEqual([error.code, error.syscall, error.address, error.port], ['EADDRNOTAVAIL', 'bind', '192.0.2.1', 0]);
    return true;
  });
  const unix = openSocket(t, c.AF_UNIX, c.SOCK_STREAM);
  const path = `${makeTempDir(t)}/missing/x.sock`;
  assert.throws(() => libc.bind(unix, encodeSockaddrUn(c.platform, path)), { code: 'ENOENT', syscall: 'bind', path });
});

test('strerror gives libc\'s text', { skip: posixOnly }, () => {
  assert.equal(libc.strerror(libc.posixConstants().platform === 'linux' ? 98 : 48), 'Address already in use');
});
