/**
 * Theory of operation (Linux, macOS): each spec becomes one socket made with libc, in spec
 * order, following upstream systemfd's steps with our changes:
 *   socket() close-on-exec → SO_REUSEADDR (unless --no-reuse) → SO_REUSEPORT (IP only, opt-in,
 *   so a busy port fails instead of being shared) → [unix: refuse/clear the path, unix-path.ts] → bind → listen(backlog) for stream sockets →
 *   getsockname (port 0 → the real port).
 * Sockets stay blocking. They are close-on-exec in this process, so build commands and other
 * spawns never inherit them; the child gets them because spawn's stdio array dup2()s them to
 * fds 3.. (dup2 clears FD_CLOEXEC on the copy). IPV6_V6ONLY is left at the OS default.
 * The first failure closes everything made so far, removes the unix files we created, and
 * throws one SocketError line naming the socket and the address, with the SystemError as cause.
 */
import { SocketError, isSystemError } from '../errors.js';
import { encodeListenEnv, FIRST_FD } from '../protocol/env.js';
import { maxUnixPathBytes, type PosixConstants } from '../platform/posix/constants.js';
import * as libc from '../platform/posix/libc.js';
import { errnoFromName } from '../platform/system-error.js';
import { decodeIpSockaddr, encodeIpSockaddr, encodeSockaddrUn } from '../platform/posix/sockaddr.js';
import { formatSocketAddress, type IpSocketAddress } from './address.js';
import { describeSocket } from './describe.js';
import type { BoundSocket, SocketOptions, SocketSet } from './socket-set.js';
import type { SocketSpec } from './spec.js';
import { identifySocketFile, prepareUnixSocketPath, removeSocketFileIfOurs, type SocketFileIdentity } from './unix-path.js';

/** What has been created so far: closed / removed again on failure or at close(). */
interface Resources {
  fds: number[];
  files: SocketFileIdentity[];
}

/** The user-facing name of where a socket goes: `127.0.0.1:5000`, `[::1]:0`, `./app.sock`. */
function addressText(spec: SocketSpec): string {
  return spec.kind === 'unix' ? spec.path : formatSocketAddress(spec.address);
}

/** One line: `cannot bind 127.0.0.1:5000 (tcp::5000): EADDRINUSE: Address already in use`. */
function socketError(spec: SocketSpec, cause: unknown): SocketError {
  if (cause instanceof SocketError) return cause;
  const syscall = isSystemError(cause) ? cause.syscall : '';
  const action =
    syscall === 'bind' ? 'cannot bind'
    : syscall === 'listen' ? 'cannot listen on'
    : syscall === 'socket' ? 'cannot create a socket for'
    : syscall === 'setsockopt' ? 'cannot set socket options for'
    : syscall === 'getsockname' ? 'cannot read the bound address of'
    : 'cannot open';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SocketError(`${action} ${addressText(spec)} (${spec.text}): ${reason}`, { cause });
}

/** socket() with close-on-exec set atomically on Linux, right after creation on macOS. */
function createSocket(c: PosixConstants, domain: number, type: number, resources: Resources): number {
  const fd = libc.socket(domain, type | (c.SOCK_CLOEXEC ?? 0), 0);
  resources.fds.push(fd);
  if (c.SOCK_CLOEXEC === null) libc.fcntl(fd, c.F_SETFD, libc.fcntl(fd, c.F_GETFD) | c.FD_CLOEXEC);
  return fd;
}

async function openOne(spec: SocketSpec, options: SocketOptions, resources: Resources): Promise<BoundSocket> {
  const c = libc.posixConstants();
  if (spec.kind === 'unix') {
    await prepareUnixSocketPath(spec.path, {
      maxPathBytes: maxUnixPathBytes(c.platform),
      nameTooLongText: libc.strerror(errnoFromName('ENAMETOOLONG') ?? 36),
    });
  }
  const isIp = spec.kind !== 'unix';
  const domain = !isIp ? c.AF_UNIX : spec.address.family === 4 ? c.AF_INET : c.AF_INET6;
  const type = spec.kind === 'udp' ? c.SOCK_DGRAM : c.SOCK_STREAM;
  const fd = createSocket(c, domain, type, resources);
  // Upstream sets SO_REUSEADDR on every socket, unix and udp included (its socket setup).
  if (options.reuseAddr) libc.setsockoptInt(fd, c.SOL_SOCKET, c.SO_REUSEADDR, 1);
  // Never on unix sockets: Linux rejects it there with EOPNOTSUPP (upstream issue #31).
  if (isIp && options.reusePort) libc.setsockoptInt(fd, c.SOL_SOCKET, c.SO_REUSEPORT, 1);
  libc.bind(fd, isIp ? encodeIpSockaddr(c.platform, spec.address) : encodeSockaddrUn(c.platform, spec.path));
  if (spec.kind === 'unix') {
    const identity = identifySocketFile(spec.path);
    if (identity) resources.files.push(identity);
  }
  if (type === c.SOCK_STREAM) libc.listen(fd, options.backlog);
  const bound: IpSocketAddress | null = isIp ? decodeIpSockaddr(c.platform, libc.getsockname(fd)) : null;
  return { spec, description: describeSocket(spec, bound), handle: fd, bound };
}

/** Closes every fd and removes our socket files; returns the first failure (if any). */
function release(resources: Resources): unknown {
  let failure: unknown;
  for (const fd of resources.fds.splice(0)) {
    try {
      libc.close(fd);
    } catch (error) {
      failure ??= error;
    }
  }
  for (const file of resources.files.splice(0)) removeSocketFileIfOurs(file);
  return failure;
}

export async function openPosixSocketSet(specs: readonly SocketSpec[], options: SocketOptions): Promise<SocketSet> {
  const resources: Resources = { fds: [], files: [] };
  const sockets: BoundSocket[] = [];
  for (const spec of specs) {
    try {
      sockets.push(await openOne(spec, options, resources));
    } catch (error) {
      release(resources);
      throw socketError(spec, error);
    }
  }
  const fds = sockets.map((socket) => socket.handle as number);
  let closed = false;

  const closeSync = (): unknown => {
    if (closed) return undefined;
    closed = true;
    return release(resources);
  };

  return {
    sockets,
    childHandleLabel: (index) => String(FIRST_FD + index),
    childFds: () => (closed ? [] : [...fds]),
    childEnv: ({ withPid }) => encodeListenEnv(specs.map((spec) => spec.name), { withPid }),
    prepareForChild: () => {
      if (closed) throw new SocketError('the sockets are already closed');
      const c = libc.posixConstants();
      sockets.forEach((socket, i) => {
        const fd = fds[i] as number;
        try {
          // A previous child (Node's libuv, for one) may have set O_NONBLOCK on the
          // shared file description; every child must get the sockets blocking, as upstream does.
          const flags = libc.fcntl(fd, c.F_GETFL);
          if (flags & c.O_NONBLOCK) libc.fcntl(fd, c.F_SETFL, flags & ~c.O_NONBLOCK);
        } catch (error) {
          throw new SocketError(`cannot reset socket ${socket.description} (fd ${fd}): ${(error as Error).message}`, { cause: error });
        }
      });
    },
    close: async () => {
      const failure = closeSync();
      if (failure) throw new SocketError(`cannot close the sockets: ${(failure as Error).message}`, { cause: failure });
    },
    closeSync: () => {
      closeSync();
    },
  };
}
