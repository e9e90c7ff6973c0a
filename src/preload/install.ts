/**
 * What the preload does at startup in every node process of the command's tree. Cheap on
 * purpose (no FFI, no filesystem walk): a process without LISTEN_FDS returns after one env read.
 */
import { isMainThread } from 'node:worker_threads';
import { processState } from '../listenfd/registry.js';
import { readPreloadLog, readStopSignal, readStopTimeout } from './contract.js';
import { installGracefulStop } from './graceful-stop.js';
import { readInheritance } from './inherited.js';
import { patchDgramBind, patchNetListen } from './patch-listen.js';
import { checkInspector } from './inspector-check.js';
import { createReadyReporter } from './ready-report.js';
import { patchSpawn } from './patch-spawn.js';

export interface InstallResult {
  /** The fds this process holds, or empty when the preload did nothing. */
  fds: number[];
  /** The listen/bind patches are active (not in cluster workers or without SYSTEMFD_FD_ADDRS). */
  patchedListen: boolean;
}

export function installPreload(env: NodeJS.ProcessEnv = process.env): InstallResult {
  // Worker threads share the process's fds with the main thread, which owns them.
  if (!isMainThread) return { fds: [], patchedListen: false };
  const channelFd = env.NODE_CHANNEL_FD !== undefined && /^\d+$/.test(env.NODE_CHANNEL_FD) ? Number(env.NODE_CHANNEL_FD) : null;
  const inheritance = readInheritance(env, process.pid, channelFd);
  if (!inheritance) return { fds: [], patchedListen: false };
  const fds = inheritance.sockets.map((socket) => socket.fd);
  const state = processState();
  // Hand the fds on to children until this process takes one itself (then it is the server).
  patchSpawn(fds, () => !fds.some((fd) => state.taken.has(fd)));
  // A cluster worker's listen() is performed by the primary (which has the fds): leave it alone.
  const canAdopt = env.NODE_UNIQUE_ID === undefined && inheritance.sockets.some((socket) => socket.address !== null);
  if (!canAdopt) return { fds, patchedListen: false };
  const log = readPreloadLog(env);
  const ready = createReadyReporter(env);
  if (ready) {
    const flags = [...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
    checkInspector(flags, (port) => ready.listenFailed(Object.assign(new Error('inspector'), { code: 'INSPECTOR', port, address: '127.0.0.1' })));
  }
  patchNetListen({ sockets: inheritance.sockets, log, onListenFailed: (error) => ready?.listenFailed(error) });
  patchDgramBind({ sockets: inheritance.sockets, log });
  // Installed now, not lazily with the first server: a stop signal that arrived while the drain
  // code was still loading would kill the server the abrupt way (seen in tests).
  const track = installGracefulStop({ signal: readStopSignal(env), timeoutMs: readStopTimeout(env) });
  // Every server on an inherited socket, however it took it (our listen patch, listen({ fd }),
  // a handle, the library's listen()): drained on the stop signal; the first one means ready.
  state.onServer = (server) => {
    track(server);
    ready?.listening(fdOf(server));
  };
  for (const server of state.servers) state.onServer(server);
  return { fds, patchedListen: true };
}

function fdOf(server: import('node:net').Server): number | null {
  const fd = (server as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}
