/**
 * libc through koffi, loaded on first use so that importing this module costs nothing (only the
 * platform selector files decide to load it, so it never loads where it cannot work). Every raw call is wrapped: its return
 * value is checked and a failure becomes a Node-style SystemError built from errno, read with
 * koffi.errno() immediately after the call (koffi saves errno on return; no other native call
 * runs in between, koffi calls are synchronous on this thread).
 *
 * Type assumptions (Linux glibc/musl and macOS, LP64 and ILP32 alike):
 *  - fds, domains, types, levels, option names, backlog and commands are C `int` (32-bit).
 *  - socklen_t is a 32-bit unsigned int on both; declared `uint32_t`.
 *  - Struct arguments are raw Buffers passed as `uint8_t *` (koffi passes a Buffer's memory in
 *    place, for input and output); their layouts live in sockaddr.ts.
 *  - fcntl is variadic (`int fcntl(int, int, ...)`) and is declared so: on arm64 macOS variadic
 *    arguments go on the stack, so a fixed 3-int prototype would pass garbage there.
 */
import { createRequire } from 'node:module';
import { createSystemError, type SystemErrorDetails } from '../system-error.js';
import type { SystemError } from '../system-error.js';
import { posixConstantsFor, type PosixConstants, type PosixPlatform } from './constants.js';
import { decodeSockaddr, sockaddrFamily as sockaddrFamilyFor, SOCKADDR_STORAGE_SIZE } from './sockaddr.js';

type Koffi = typeof import('koffi');
type KoffiFunction = ReturnType<ReturnType<Koffi['load']>['func']>;

interface Libc {
  koffi: Koffi;
  socket: KoffiFunction;
  setsockopt: KoffiFunction;
  getsockopt: KoffiFunction;
  bind: KoffiFunction;
  listen: KoffiFunction;
  getsockname: KoffiFunction;
  fcntl: KoffiFunction;
  close: KoffiFunction;
  strerror: KoffiFunction;
}

let libc: Libc | null = null;

/**
 * The host as a POSIX layout family. This module only loads on Linux and macOS (see
 * sockets/socket-set.ts and listenfd/index.ts); anywhere else the constants would be wrong,
 * so refuse rather than guess.
 */
export function hostPlatform(): PosixPlatform {
  if (process.platform === 'linux' || process.platform === 'darwin') return process.platform;
  throw Object.assign(new Error(`POSIX sockets are not supported on ${process.platform}`), { code: 'ERR_UNSUPPORTED_PLATFORM' });
}

/** The socket constants of the host (Linux or macOS values). */
export function posixConstants(): PosixConstants {
  return posixConstantsFor(hostPlatform());
}

function load(): Libc {
  if (libc) return libc;
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  // glibc's soname on Linux (musl's libc.so also answers to it via its loader); on macOS libc
  // is part of libSystem, which lives in the dyld shared cache under this path.
  const lib = koffi.load(hostPlatform() === 'darwin' ? '/usr/lib/libSystem.B.dylib' : 'libc.so.6');
  libc = {
    koffi,
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    // optval: a 4-byte int Buffer; optlen 4.
    setsockopt: lib.func('int setsockopt(int fd, int level, int optname, const uint8_t *optval, uint32_t optlen)'),
    // optval: 4-byte out-buffer; optlen: in/out socklen_t, passed as a one-element array.
    getsockopt: lib.func('int getsockopt(int fd, int level, int optname, _Out_ uint8_t *optval, _Inout_ uint32_t *optlen)'),
    // addr: sockaddr_in (16) / sockaddr_in6 (28) / sockaddr_un (2 + path + NUL), see sockaddr.ts.
    bind: lib.func('int bind(int fd, const uint8_t *addr, uint32_t addrlen)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    // addr: sockaddr_storage-sized (128) out-buffer; addrlen: in/out socklen_t (one-element array).
    getsockname: lib.func('int getsockname(int fd, _Out_ uint8_t *addr, _Inout_ uint32_t *addrlen)'),
    // Variadic: callers pass the optional third argument as ('int', value).
    fcntl: lib.func('int fcntl(int fd, int cmd, ...)'),
    close: lib.func('int close(int fd)'),
    // Returns a pointer to a static string; koffi copies it into a JS string at once.
    strerror: lib.func('const char *strerror(int errnum)'),
  };
  return libc;
}

/** libc's text for an errno (`Address already in use`). */
export function strerror(errno: number): string {
  return load().strerror(errno) as string;
}

/** The SystemError for the errno left by the call that just failed. */
function lastError(syscall: string, details?: SystemErrorDetails): SystemError {
  const errno = load().koffi.errno();
  return createSystemError(errno, syscall, strerror(errno), details);
}

function check(rc: number, syscall: string, details?: () => SystemErrorDetails): number {
  if (rc === -1) throw lastError(syscall, details?.());
  return rc;
}

export function socket(domain: number, type: number, protocol: number): number {
  return check(load().socket(domain, type, protocol) as number, 'socket');
}

export function setsockoptInt(fd: number, level: number, name: number, value: number): void {
  const optval = Buffer.alloc(4);
  optval.writeInt32LE(value, 0); // host-order int; all koffi targets are little-endian
  check(load().setsockopt(fd, level, name, optval, optval.length) as number, 'setsockopt');
}

export function getsockoptInt(fd: number, level: number, name: number): number {
  const optval = Buffer.alloc(4);
  const optlen = [optval.length];
  check(load().getsockopt(fd, level, name, optval, optlen) as number, 'getsockopt');
  // Boolean options may come back as a single byte on some systems; never read past optlen.
  const length = Math.min(optlen[0] ?? 0, 4);
  return length === 4 ? optval.readInt32LE(0) : length > 0 ? optval.readUIntLE(0, length) : 0;
}

/** Details for a bind error: the address we tried, as Node's `net` reports it. */
function bindDetails(sockaddr: Buffer): SystemErrorDetails {
  try {
    const address = decodeSockaddr(hostPlatform(), sockaddr);
    return address.family === 'unix' ? { path: address.path } : { address: address.ip, port: address.port };
  } catch {
    return {};
  }
}

export function bind(fd: number, sockaddr: Buffer): void {
  check(load().bind(fd, sockaddr, sockaddr.length) as number, 'bind', () => bindDetails(sockaddr));
}

export function listen(fd: number, backlog: number): void {
  check(load().listen(fd, backlog) as number, 'listen');
}

/** The bound address, cut to the length the kernel returned. */
export function getsockname(fd: number): Buffer {
  const sockaddr = Buffer.alloc(SOCKADDR_STORAGE_SIZE);
  const length = [sockaddr.length];
  check(load().getsockname(fd, sockaddr, length) as number, 'getsockname');
  return sockaddr.subarray(0, Math.min(length[0] ?? 0, sockaddr.length));
}

/** fcntl(fd, cmd) or fcntl(fd, cmd, int arg); returns the call's non-negative result. */
export function fcntl(fd: number, cmd: number, arg?: number): number {
  const { fcntl: raw } = load();
  const rc = (arg === undefined ? raw(fd, cmd) : raw(fd, cmd, 'int', arg)) as number;
  return check(rc, 'fcntl');
}

/**
 * close(2). Not retried on EINTR: on Linux the fd is released even then, and retrying could
 * close an fd that another part of the process opened in between.
 */
export function close(fd: number): void {
  check(load().close(fd) as number, 'close');
}

/** sa_family of a sockaddr from getsockname() (host layout). */
export function sockaddrFamily(sockaddr: Uint8Array): number {
  return sockaddrFamilyFor(hostPlatform(), sockaddr);
}
