/**
 * POSIX backend: the LISTEN_* environment (systemd's socket activation protocol as systemfd and
 * listenfd speak it) and per-take validation of each fd.
 *
 * Reading follows listenfd's `get_fds` (upstream src/unix.rs) step by step; the checks use FFI
 * (platform/posix/libc.ts), loaded only when a socket is actually taken, so importing the
 * library and asking for `length` costs no native code.
 */
import { fstatSync } from 'node:fs';
import { fcntl, getsockname, getsockoptInt, posixConstants, sockaddrFamily } from '../platform/posix/libc.js';
import type { PosixConstants } from '../platform/posix/constants.js';
import { decodeListenEnv, ENV } from '../protocol/env.js';
import { ListenFdError } from './errors.js';
import type { SocketSlot } from './listen-fds.js';
import { processState, type PosixEnvSnapshot } from './registry.js';
import type { SocketKind } from './types.js';

/**
 * Decodes the LISTEN_* variables of `env` like listenfd's `ListenFd::from_env()`:
 * - LISTEN_FDS missing or not a number: no sockets, `env` untouched;
 * - LISTEN_PID absent or empty is accepted (systemfd --no-pid, or a launcher such as npm in
 *   between); any other value must equal our pid, else no sockets;
 * - LISTEN_PID and LISTEN_FDS are then deleted from `env` (also on a pid mismatch), so child
 *   processes do not believe the sockets are theirs.
 * For `process.env` the result is remembered process-wide, so a second call (or a second copy
 * of this library) sees the same sockets minus those taken, where listenfd would see none.
 */
export function readPosixEnv(env: NodeJS.ProcessEnv): PosixEnvSnapshot {
  const state = processState();
  if (env === process.env && state.posixSnapshot) return state.posixSnapshot;
  const decoded = decodeListenEnv(env);
  if (!decoded) return { fds: [], names: [] };
  const pidMatches = decoded.pid === null || decoded.pid === process.pid;
  delete env[ENV.LISTEN_PID];
  delete env[ENV.LISTEN_FDS];
  const snapshot: PosixEnvSnapshot = pidMatches
    ? { fds: Array.from({ length: decoded.count }, (_, i) => decoded.firstFd + i), names: decoded.names }
    : { fds: [], names: [] };
  if (env === process.env) state.posixSnapshot = snapshot;
  return snapshot;
}

export function posixSlots(snapshot: PosixEnvSnapshot): SocketSlot[] {
  return snapshot.fds.map((fd, i) => ({
    fd,
    name: snapshot.names[i] ?? 'unknown',
    adopt: (kind: SocketKind) => {
      validateSocket(fd, kind);
      markCloexec(fd);
      return { fd };
    },
    raw: () => fd,
  }));
}

const HINTS: Record<SocketKind, string> = {
  tcp: 'tcp socket',
  udp: 'udp socket',
  unix: 'unix stream socket',
  'unix-datagram': 'unix datagram socket',
};

/** Throws ListenFdError unless `fd` is a socket of `kind` (stream kinds: also listening). */
export function validateSocket(fd: number, kind: SocketKind): void {
  // fstat first, as listenfd does: a closed fd or a file gets "is not a socket". No FFI needed.
  let isSocket = false;
  try {
    isSocket = fstatSync(fd).isSocket();
  } catch {
    isSocket = false;
  }
  if (!isSocket) throw new ListenFdError('ERR_LISTENFD_NOT_A_SOCKET', `fd ${fd} is not a socket`, { fd });
  const facts = inspect(fd);
  const c = facts.constants;
  const wantType = kind === 'tcp' || kind === 'unix' ? c.SOCK_STREAM : c.SOCK_DGRAM;
  // AF_INET6 is accepted where AF_INET is asked for (listenfd does the same).
  const families = kind === 'tcp' || kind === 'udp' ? [c.AF_INET, c.AF_INET6] : [c.AF_UNIX];
  if (facts.type !== wantType || !families.includes(facts.family)) {
    throw new ListenFdError('ERR_LISTENFD_WRONG_TYPE', `fd ${fd} is not a valid ${HINTS[kind]}`, { fd });
  }
  // Our addition to listenfd's checks: a stream socket that does not listen cannot serve.
  if (wantType === c.SOCK_STREAM && !facts.listening) {
    throw new ListenFdError('ERR_LISTENFD_NOT_LISTENING', `fd ${fd} is not a listening ${HINTS[kind]}`, { fd });
  }
}

interface SocketFacts {
  type: number;
  family: number;
  listening: boolean;
  constants: PosixConstants;
}

function inspect(fd: number): SocketFacts {
  const constants = posixConstants();
  try {
    return {
      type: getsockoptInt(fd, constants.SOL_SOCKET, constants.SO_TYPE),
      family: sockaddrFamily(getsockname(fd)),
      listening: getsockoptInt(fd, constants.SOL_SOCKET, constants.SO_ACCEPTCONN) !== 0,
      constants,
    };
  } catch (cause) {
    throw new ListenFdError('ERR_LISTENFD_SYSTEM', `fd ${fd} cannot be inspected (${(cause as Error).message})`, { fd, cause });
  }
}

/** listenfd 0.5+: a taken fd is close-on-exec so the server's own children do not inherit it. */
function markCloexec(fd: number): void {
  const c = posixConstants();
  try {
    const flags = fcntl(fd, c.F_GETFD);
    fcntl(fd, c.F_SETFD, flags | c.FD_CLOEXEC);
  } catch (cause) {
    throw new ListenFdError('ERR_LISTENFD_SYSTEM', `fd ${fd} cannot be marked as FD_CLOEXEC (${(cause as Error).message})`, { fd, cause });
  }
}
