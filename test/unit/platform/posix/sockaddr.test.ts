// Pure struct layouts (platform/posix/sockaddr.ts) for Linux AND macOS, against bytes written out
// by hand from the C headers, so a layout slip on the platform we do not run on is still caught.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxUnixPathBytes, posixConstantsFor } from '../../../../src/platform/posix/constants.js';
import {
  decodeIpSockaddr,
  decodeSockaddr,
  encodeIpSockaddr,
  encodeSockaddrIn,
  encodeSockaddrIn6,
  encodeSockaddrUn,
  sockaddrFamily,
} from '../../../../src/platform/posix/sockaddr.js';

const hex = (buffer: Buffer): string => buffer.toString('hex').replace(/(..)(?!$)/g, '$1 ');
const zeros = (n: number): string => Array(n).fill('00').join(' ');

test('sockaddr_in 127.0.0.1:5000: Linux u16 family, macOS sin_len + u8 family', () => {
  assert.equal(hex(encodeSockaddrIn('linux', '127.0.0.1', 5000)), `02 00 13 88 7f 00 00 01 ${zeros(8)}`);
  assert.equal(hex(encodeSockaddrIn('darwin', '127.0.0.1', 5000)), `10 02 13 88 7f 00 00 01 ${zeros(8)}`);
  assert.equal(hex(encodeSockaddrIn('linux', '0.0.0.0', 0)), `02 00 00 00 00 00 00 00 ${zeros(8)}`);
  assert.equal(hex(encodeSockaddrIn('linux', '192.0.2.1', 65535)), `02 00 ff ff c0 00 02 01 ${zeros(8)}`);
});

test('sockaddr_in6 [fe80::1%2]:443: port BE, flowinfo, 16 address bytes, scope id host order', () => {
  const body = `01 bb 00 00 00 00 fe 80 ${zeros(13)} 01 02 00 00 00`;
  assert.equal(hex(encodeSockaddrIn6('linux', 'fe80::1', 443, 2)), `0a 00 ${body}`);
  assert.equal(hex(encodeSockaddrIn6('darwin', 'fe80::1', 443, 2)), `1c 1e ${body}`);
  assert.equal(encodeSockaddrIn6('linux', '::1', 0).length, 28);
  assert.equal(hex(encodeSockaddrIn6('linux', '::ffff:127.0.0.1', 80).subarray(8, 24)), `${zeros(10)} ff ff 7f 00 00 01`);
});

test('encodeIpSockaddr follows the address family', () => {
  assert.equal(encodeIpSockaddr('linux', { family: 4, ip: '127.0.0.1', port: 1, scopeId: 0 }).length, 16);
  assert.equal(encodeIpSockaddr('darwin', { family: 6, ip: '::1', port: 1, scopeId: 0 }).length, 28);
  assert.throws(() => encodeSockaddrIn('linux', '300.0.0.1', 1), RangeError);
});

test('sockaddr_un: header, path bytes, NUL; length is offsetof(sun_path) + path + 1', () => {
  const path = '/tmp/a.sock'; // 11 bytes
  assert.equal(hex(encodeSockaddrUn('linux', path)), `01 00 ${hex(Buffer.from(path))} 00`);
  assert.equal(hex(encodeSockaddrUn('darwin', path)), `0e 01 ${hex(Buffer.from(path))} 00`);
  // UTF-8 bytes count, not characters.
  assert.equal(encodeSockaddrUn('linux', '/tmp/é').length, 2 + 7 + 1);
});

test('sockaddr_un: the longest path that fits sun_path, and one byte more', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    const max = maxUnixPathBytes(platform);
    assert.equal(max, platform === 'linux' ? 107 : 103);
    assert.equal(encodeSockaddrUn(platform, `/${'a'.repeat(max - 1)}`).length, posixConstantsFor(platform).SUN_PATH_SIZE + 2);
    assert.throws(() => encodeSockaddrUn(platform, `/${'a'.repeat(max)}`), /at most/);
  }
  assert.throws(() => encodeSockaddrUn('linux', '/tmp/a\0b'), /NUL/);
});

test('decode: what getsockname returns, on both platforms', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    const c = posixConstantsFor(platform);
    const v4 = encodeSockaddrIn(platform, '10.1.2.3', 8080);
    assert.equal(sockaddrFamily(platform, v4), c.AF_INET);
    assert.deepEqual(decodeIpSockaddr(platform, v4), { family: 4, ip: '10.1.2.3', port: 8080, scopeId: 0 });
    const v6 = encodeSockaddrIn6(platform, '2001:db8::7', 65535, 4);
    assert.equal(sockaddrFamily(platform, v6), c.AF_INET6);
    assert.deepEqual(decodeIpSockaddr(platform, v6), { family: 6, ip: '2001:db8::7', port: 65535, scopeId: 4 });
    // getsockname on a unix socket returns sun_path with its NUL, possibly padded.
    const un = Buffer.concat([encodeSockaddrUn(platform, '/run/x.sock'), Buffer.alloc(5)]);
    assert.deepEqual(decodeSockaddr(platform, un), { family: 'unix', path: '/run/x.sock' });
    assert.throws(() => decodeIpSockaddr(platform, un), /unix/);
  }
  // The same bytes mean different families: a macOS sockaddr_in read as Linux is family 0x0210.
  const darwinV4 = encodeSockaddrIn('darwin', '127.0.0.1', 1);
  assert.equal(sockaddrFamily('linux', darwinV4), 0x0210);
  assert.throws(() => decodeSockaddr('linux', darwinV4), /unsupported address family 528/);
  assert.throws(() => decodeSockaddr('linux', Buffer.alloc(1)), /too short/);
  assert.throws(() => decodeSockaddr('linux', encodeSockaddrIn6('linux', '::1', 1).subarray(0, 20)), /too short/);
});

test('constants: the values that differ between Linux and macOS', () => {
  const linux = posixConstantsFor('linux');
  const darwin = posixConstantsFor('darwin');
  assert.deepEqual(
    [linux.AF_INET6, linux.SOL_SOCKET, linux.SO_REUSEADDR, linux.SO_REUSEPORT, linux.SO_TYPE, linux.SO_ACCEPTCONN, linux.O_NONBLOCK, linux.SOCK_CLOEXEC, linux.SO_DOMAIN],
    [10, 1, 2, 15, 3, 30, 0o4000, 0o2000000, 39],
  );
  assert.deepEqual(
    [darwin.AF_INET6, darwin.SOL_SOCKET, darwin.SO_REUSEADDR, darwin.SO_REUSEPORT, darwin.SO_TYPE, darwin.SO_ACCEPTCONN, darwin.O_NONBLOCK, darwin.SOCK_CLOEXEC, darwin.SO_DOMAIN],
    [30, 0xffff, 4, 0x200, 0x1008, 2, 4, null, null],
  );
  for (const c of [linux, darwin]) {
    assert.deepEqual([c.AF_UNIX, c.AF_INET, c.SOCK_STREAM, c.SOCK_DGRAM, c.F_GETFD, c.F_SETFD, c.F_GETFL, c.F_SETFL, c.FD_CLOEXEC], [1, 2, 1, 2, 1, 2, 3, 4, 1]);
  }
  assert.equal(Object.isFrozen(linux), true);
});
