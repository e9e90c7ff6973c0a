/**
 * systemfd's child-side library (public entry: `systemfd` and `systemfd/listenfd`): the Node
 * counterpart of the Rust listenfd crate. It reads the sockets systemfd (or systemd, or
 * anything speaking socket activation) passed, checks them like listenfd, and returns values
 * that `server.listen()` and `dgram` `socket.bind()` accept.
 *
 * This file is the one platform selection point of the library: POSIX reads
 * LISTEN_* synchronously; Windows speaks the RPC protocol, loaded lazily so its FFI never loads
 * elsewhere.
 */
import type { Socket as DgramSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { ENV } from '../protocol/env.js';
import { ListenFdError } from './errors.js';
import { ListenFds } from './listen-fds.js';
import { posixSlots, readPosixEnv } from './posix.js';
import { processState } from './registry.js';
import { bindWith, listenWith, type BindOptions, type BindResult, type ListenOptions, type ListenResult } from './listen.js';

export { ListenFds } from './listen-fds.js';
export { ListenFdError, type ListenFdErrorCode } from './errors.js';
export type { FdTarget, HandleTarget, ListenTarget, SocketKind, SocketSelector } from './types.js';
export type { BindOptions, BindResult, ListenOptions, ListenResult } from './listen.js';

const isWindows = process.platform === 'win32';

/**
 * The sockets passed to this process, on every platform. Never rejects for a missing or
 * unusable environment: a program started without systemfd gets an empty manager (length 0).
 * POSIX: as `listenFdsSync()`. Windows: connects to SYSTEMFD_SOCKET_SERVER once per process
 * (later calls share the result) and deletes SYSTEMFD_SOCKET_SERVER/SECRET from `env`.
 */
export async function listenFds(env: NodeJS.ProcessEnv = process.env): Promise<ListenFds> {
  if (isWindows) {
    if (env[ENV.SOCKET_SERVER] === undefined && !(env === process.env && processState().windowsFetch)) return ListenFds.empty();
    const { windowsSlots } = await import('./win32-slots.js');
    return new ListenFds(await windowsSlots(env));
  }
  return listenFdsSync(env);
}

/**
 * POSIX, synchronous: the sockets from LISTEN_FDS/LISTEN_FDS_FIRST_FD/LISTEN_PID/LISTEN_FDNAMES,
 * with listenfd's rules. Returns an empty manager when LISTEN_FDS is missing or not a number
 * (env untouched) or when LISTEN_PID is set, not empty, and not our pid. Otherwise deletes
 * LISTEN_PID and LISTEN_FDS from `env` (as listenfd does) and returns the sockets; for
 * `process.env` the result is remembered, so later calls see the same sockets minus those
 * taken. Nothing is validated here: each `take*` validates its fd. Throws ERR_LISTENFD_UNSUPPORTED
 * on Windows when systemfd passed sockets there (use `listenFds()`, the exchange is async).
 */
export function listenFdsSync(env: NodeJS.ProcessEnv = process.env): ListenFds {
  if (isWindows) {
    if (env[ENV.SOCKET_SERVER] === undefined) return ListenFds.empty();
    throw new ListenFdError('ERR_LISTENFD_UNSUPPORTED', 'on Windows the sockets come over RPC: use `await listenFds()`');
  }
  return new ListenFds(posixSlots(readPosixEnv(env)));
}

/**
 * Starts `server` on the inherited socket chosen by `options.socket` (default: the first one),
 * or, when there is none, on the fallback (`fallbackPort` [+ `fallbackHost`], or
 * `fallbackPath`), so the same code runs with and without systemfd. Resolves once the server is
 * listening. Rejects with ListenFdError when the chosen socket is of the wrong kind (it stays
 * takeable), with ERR_LISTENFD_NO_SOCKET when there is neither a socket nor a fallback, and
 * with the server's own error (e.g. EADDRINUSE on the fallback). On success the socket is taken
 * for the process, and the preload (when loaded) drains this server on the stop signal.
 */
export async function listen(server: Server, options: ListenOptions = {}): Promise<ListenResult> {
  return listenWith(await listenFds(options.env), server, options);
}

/**
 * `dgram` counterpart of `listen()`: binds `socket` to the inherited UDP socket (or the
 * fallback `fallbackPort` [+ `fallbackAddress`]). Same resolve/reject rules; unsupported on
 * Windows when a socket was passed.
 */
export async function bind(socket: DgramSocket, options: BindOptions = {}): Promise<BindResult> {
  return bindWith(await listenFds(options.env), socket, options);
}
