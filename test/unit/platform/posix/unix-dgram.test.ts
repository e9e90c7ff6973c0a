// AF_UNIX datagram reading (platform/posix/unix-dgram.ts) against the real kernel. The
// datagrams are sent with libc's sendto through koffi, as an sd_notify client would.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { posixConstants, socket, close } from '../../../../src/platform/posix/libc.js';
import { encodeSockaddrUn } from '../../../../src/platform/posix/sockaddr.js';
import { bindUnixDatagram, closeUnixDatagram, receiveAll } from '../../../../src/platform/posix/unix-dgram.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

const posixOnly = process.platform === 'linux' || process.platform === 'darwin' ? false : 'POSIX libc (Linux, macOS) only';

type SendTo = (fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number) => number | bigint;

function sender(t: { after: (fn: () => void) => void }, path: string): (text: string) => void {
  const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
  const c = posixConstants();
  const lib = koffi.load(c.platform === 'darwin' ? '/usr/lib/libSystem.B.dylib' : 'libc.so.6');
  const sendto = lib.func('intptr_t sendto(int fd, const uint8_t *buf, uintptr_t len, int flags, const uint8_t *addr, uint32_t addrlen)') as SendTo;
  const fd = socket(c.AF_UNIX, c.SOCK_DGRAM, 0);
  t.after(() => close(fd));
  const address = encodeSockaddrUn(c.platform, path);
  return (text) => {
    const data = Buffer.from(text);
    assert.equal(Number(sendto(fd, data, data.length, 0, address, address.length)), data.length);
  };
}

test('receiveAll returns every waiting datagram as its own buffer, then nothing', { skip: posixOnly }, (t) => {
  const path = join(makeTempDir(t, 'systemfd-dgram-'), 'notify.sock');
  const fd = bindUnixDatagram(path);
  t.after(() => closeUnixDatagram(fd));
  assert.deepEqual(receiveAll(fd), []);
  const send = sender(t, path);
  send('READY=1');
  send('STATUS=a longer second message');
  send('X');
  const first = receiveAll(fd);
  // Each datagram keeps its own bytes: nothing read later may overwrite an earlier one.
  send('MAINPID=12345');
  const second = receiveAll(fd);
  assert.deepEqual(first.map((b) => b.toString()), ['READY=1', 'STATUS=a longer second message', 'X']);
  assert.deepEqual(second.map((b) => b.toString()), ['MAINPID=12345']);
  assert.deepEqual(receiveAll(fd), []);
});

test('a datagram longer than maxBytes is cut, as recv(2) does', { skip: posixOnly }, (t) => {
  const path = join(makeTempDir(t, 'systemfd-dgram-'), 'notify.sock');
  const fd = bindUnixDatagram(path);
  t.after(() => closeUnixDatagram(fd));
  const send = sender(t, path);
  send('0123456789');
  send('ab');
  assert.deepEqual(receiveAll(fd, 4).map((b) => b.toString()), ['0123', 'ab']);
});
