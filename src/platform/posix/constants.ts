/**
 * POSIX socket constants and struct layout facts, per platform. Pure data: the platform is an
 * argument, so the macOS values are unit-tested on Linux too (libc.ts picks the host's).
 *
 * Sources: Linux uapi headers (asm-generic/socket.h, bits/fcntl-linux.h, linux/un.h) and macOS
 * <sys/socket.h>, <sys/fcntl.h>, <sys/un.h>. The Linux values are the generic ones used by every
 * architecture koffi ships for (x64, ia32, arm64, arm, riscv64, loong64); MIPS, SPARC, Alpha and
 * PA-RISC differ and are not supported by koffi anyway.
 */

export type PosixPlatform = 'linux' | 'darwin';

export interface PosixConstants {
  readonly platform: PosixPlatform;
  readonly AF_UNIX: number;
  readonly AF_INET: number;
  readonly AF_INET6: number;
  readonly SOCK_STREAM: number;
  readonly SOCK_DGRAM: number;
  /** OR-ed into socket()'s type on Linux; null where the flag does not exist (macOS). */
  readonly SOCK_CLOEXEC: number | null;
  readonly SOL_SOCKET: number;
  readonly SO_REUSEADDR: number;
  readonly SO_REUSEPORT: number;
  readonly SO_TYPE: number;
  readonly SO_ACCEPTCONN: number;
  /** Linux only (2.6.32+); null on macOS, where getsockname() gives the family instead. */
  readonly SO_DOMAIN: number | null;
  readonly F_GETFD: number;
  readonly F_SETFD: number;
  readonly F_GETFL: number;
  readonly F_SETFL: number;
  readonly FD_CLOEXEC: number;
  readonly O_NONBLOCK: number;
  /** sizeof(sockaddr_un.sun_path): the path plus its NUL terminator must fit. */
  readonly SUN_PATH_SIZE: number;
  /** BSD layout: every sockaddr starts with a one-byte length, then a one-byte family. */
  readonly SOCKADDR_HAS_LEN: boolean;
}

const LINUX: PosixConstants = Object.freeze({
  platform: 'linux',
  AF_UNIX: 1,
  AF_INET: 2,
  AF_INET6: 10,
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_CLOEXEC: 0o2000000, // == O_CLOEXEC
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_REUSEPORT: 15,
  SO_TYPE: 3,
  SO_ACCEPTCONN: 30,
  SO_DOMAIN: 39,
  F_GETFD: 1,
  F_SETFD: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  FD_CLOEXEC: 1,
  O_NONBLOCK: 0o4000,
  SUN_PATH_SIZE: 108,
  SOCKADDR_HAS_LEN: false,
} as const);

const DARWIN: PosixConstants = Object.freeze({
  platform: 'darwin',
  AF_UNIX: 1,
  AF_INET: 2,
  AF_INET6: 30,
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_CLOEXEC: null, // macOS has no SOCK_CLOEXEC: fcntl(F_SETFD, FD_CLOEXEC) right after socket()
  SOL_SOCKET: 0xffff,
  SO_REUSEADDR: 0x0004,
  SO_REUSEPORT: 0x0200,
  SO_TYPE: 0x1008,
  SO_ACCEPTCONN: 0x0002,
  SO_DOMAIN: null,
  F_GETFD: 1,
  F_SETFD: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  FD_CLOEXEC: 1,
  O_NONBLOCK: 0x0004,
  SUN_PATH_SIZE: 104,
  SOCKADDR_HAS_LEN: true,
} as const);

export function posixConstantsFor(platform: PosixPlatform): PosixConstants {
  return platform === 'darwin' ? DARWIN : LINUX;
}

/** Longest unix socket path in bytes (sun_path minus the NUL): 107 on Linux, 103 on macOS. */
export function maxUnixPathBytes(platform: PosixPlatform): number {
  return posixConstantsFor(platform).SUN_PATH_SIZE - 1;
}
