/**
 * AF_UNIX datagram sockets, which Node's `dgram` does not offer (udp4/udp6 only), for reading
 * sd_notify messages. Only what that needs: bind a non-blocking socket at a path, receive
 * without blocking, close. socket/bind/fcntl/close come from libc.ts; recv is bound here, on the
 * same lazily loaded library.
 *
 * Type assumptions: recv's length and return are size_t/ssize_t (64-bit on LP64, which is every
 * target koffi ships where this runs); flags an `int`. The buffer is a raw Buffer passed in place.
 */
import { createRequire } from 'node:module';
import { bind, close, fcntl, posixConstants, socket, strerror } from './libc.js';
import { encodeSockaddrUn } from './sockaddr.js';
import { createSystemError, errnoName } from '../system-error.js';

type Koffi = typeof import('koffi');

interface Recv {
  koffi: Koffi;
  recv: (fd: number, buffer: Buffer, length: number, flags: number) => number | bigint;
}

let bound: Recv | null = null;

function load(): Recv {
  if (bound) return bound;
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  const c = posixConstants();
  const lib = koffi.load(c.platform === 'darwin' ? '/usr/lib/libSystem.B.dylib' : 'libc.so.6');
  bound = { koffi, recv: lib.func('intptr_t recv(int fd, _Out_ uint8_t *buf, uintptr_t len, int flags)') as never };
  return bound;
}

let scratch = Buffer.alloc(0);

/** O_NONBLOCK via fcntl works on both platforms (macOS has no SOCK_NONBLOCK). */
const MSG_DONTWAIT = { linux: 0x40, darwin: 0x80 } as const;

/** A bound, non-blocking, close-on-exec AF_UNIX datagram socket at `path`; returns its fd. */
export function bindUnixDatagram(path: string): number {
  const c = posixConstants();
  const fd = socket(c.AF_UNIX, c.SOCK_DGRAM | (c.SOCK_CLOEXEC ?? 0), 0);
  try {
    if (c.SOCK_CLOEXEC === null) fcntl(fd, c.F_SETFD, c.FD_CLOEXEC);
    fcntl(fd, c.F_SETFL, fcntl(fd, c.F_GETFL) | c.O_NONBLOCK);
    bind(fd, encodeSockaddrUn(c.platform, path));
    return fd;
  } catch (error) {
    close(fd);
    throw error;
  }
}

/**
 * Every datagram waiting on `fd`, without blocking (EAGAIN ends the list). Datagrams longer
 * than `maxBytes` are cut, as recv(2) does.
 */
export function receiveAll(fd: number, maxBytes = 4096): Buffer[] {
  const { koffi, recv } = load();
  const flags = MSG_DONTWAIT[posixConstants().platform];
  const received: Buffer[] = [];
  // One buffer for every call, copied out only when a datagram came: the socket is polled
  // often and nearly always empty, and a fresh buffer per poll is garbage that the GC lets
  // pile up outside the JS heap for a long time (it grows the process by megabytes).
  if (scratch.length < maxBytes) scratch = Buffer.alloc(maxBytes);
  for (;;) {
    const rc = Number(recv(fd, scratch, maxBytes, flags));
    if (rc >= 0) {
      received.push(Buffer.from(scratch.subarray(0, rc)));
      continue;
    }
    const errno = koffi.errno();
    const code = errnoName(errno);
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return received;
    if (code === 'EINTR') continue;
    throw createSystemError(errno, 'recv', strerror(errno));
  }
}

export { close as closeUnixDatagram };
