/**
 * Which passed sockets this process holds, decided without FFI (the preload runs in every node
 * process of the tree, so it must stay cheap): LISTEN_* says which fds, fstat says they are
 * sockets, SYSTEMFD_FD_ADDRS says what they are bound to.
 */
import { fstatSync } from 'node:fs';
import { decodeListenEnv, ENV } from '../protocol/env.js';
import { decodeFdAddresses, type FdAddress } from '../protocol/fd-addresses.js';

export interface InheritedSocket {
  /** Position in LISTEN_FDS order. */
  index: number;
  fd: number;
  name: string;
  /** What the launcher bound it to; null when SYSTEMFD_FD_ADDRS is absent (not systemfd). */
  address: FdAddress | null;
}

export interface Inheritance {
  sockets: InheritedSocket[];
  /** LISTEN_PID named this very process (it was then removed from the environment). */
  pidMatched: boolean;
}

/**
 * The sockets passed to this process, or null when there are none for us: LISTEN_FDS missing or
 * garbage, LISTEN_PID naming another process, or an fd that is not an open socket (then the
 * variables are stale and nothing is trusted). When LISTEN_PID equals our pid it is deleted
 * from `env`, so descendants (the real server under npm, tsx, nodemon) see it absent, which
 * listenfd-style consumers accept.
 */
export function readInheritance(env: NodeJS.ProcessEnv, pid: number, channelFd: number | null): Inheritance | null {
  const decoded = decodeListenEnv(env);
  if (!decoded || decoded.count === 0) return null;
  if (decoded.pid !== null && decoded.pid !== pid) return null;
  const sockets: InheritedSocket[] = [];
  const addresses = decodeFdAddresses(env, decoded.count);
  for (let index = 0; index < decoded.count; index++) {
    const fd = decoded.firstFd + index;
    // A node IPC channel sits at fd 3 in children of fork()-style launchers: never ours.
    if (fd === channelFd || !isSocket(fd)) return null;
    sockets.push({ index, fd, name: decoded.names[index] ?? 'unknown', address: addresses?.[index] ?? null });
  }
  const pidMatched = decoded.pid === pid;
  if (pidMatched) delete env[ENV.LISTEN_PID];
  return { sockets, pidMatched };
}

function isSocket(fd: number): boolean {
  try {
    // The bigint variant on purpose: the plain one fills the stat buffer that Node shares with
    // its module resolver's realpath, which the preload runs just before. A symlinked package
    // (pnpm, `npm link`) then keeps its link path and cannot find its sibling dependencies.
    return fstatSync(fd, { bigint: true }).isSocket();
  } catch {
    return false;
  }
}
