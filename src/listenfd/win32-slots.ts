/**
 * Windows backend: the sockets come over systemfd's RPC protocol,
 * fetched once per process by win32.ts, which also checks the socket type from the protocol
 * info (upstream listenfd does none on Windows). Unix sockets are never passed on Windows.
 */
import { ENV } from '../protocol/env.js';
import { ListenFdError } from './errors.js';
import type { SocketSlot } from './listen-fds.js';
import { processState } from './registry.js';
import type { SocketKind } from './types.js';
import { adoptTcpHandle, adoptUdpHandle, fetchWindowsSockets, type WindowsSocket } from './win32.js';

/**
 * Fetches the sockets (once per process for `process.env`: a second RPC would duplicate them
 * again). Resolves to no slots when SYSTEMFD_SOCKET_* are absent or the server cannot be reached
 * (win32.ts decides); names come from LISTEN_FDNAMES when the launcher set it.
 */
export async function windowsSlots(env: NodeJS.ProcessEnv): Promise<SocketSlot[]> {
  const state = processState();
  let fetching: Promise<unknown[]>;
  if (env === process.env) {
    fetching = state.windowsFetch ?? fetchWindowsSockets(env);
    state.windowsFetch = fetching;
  } else {
    fetching = fetchWindowsSockets(env);
  }
  const sockets = (await fetching) as WindowsSocket[];
  const names = (env[ENV.LISTEN_FDNAMES] ?? '').split(':');
  return sockets.map((socket, i) => ({
    fd: null,
    name: names[i] || 'unknown',
    adopt: (kind: SocketKind) => {
      if (kind === 'tcp') return { handle: adoptTcpHandle(socket) };
      if (kind === 'udp') return { handle: adoptUdpHandle(socket) };
      throw new ListenFdError('ERR_LISTENFD_UNSUPPORTED', `socket #${i} cannot be used as a ${kind} socket on Windows`);
    },
    raw: () => {
      throw new ListenFdError('ERR_LISTENFD_UNSUPPORTED', 'raw fds do not exist on Windows');
    },
  }));
}
