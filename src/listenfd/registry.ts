/**
 * Process-wide state of the child library. An fd is a process-wide resource, and the library may
 * be loaded twice in one process (the preload from systemfd's own install, the app's copy from
 * its node_modules), so "taken" lives on globalThis under a registered symbol, not in a module.
 */
import type { Server } from 'node:net';

export interface PosixEnvSnapshot {
  fds: number[];
  names: string[];
}

export interface ProcessState {
  /** fds taken in this process, by the library or by the preload's listen patch. */
  taken: Set<number>;
  /** First decoding of `process.env` (the env is unset after it, as listenfd does). */
  posixSnapshot?: PosixEnvSnapshot;
  /** Windows: the sockets fetched over RPC, once per process. */
  windowsFetch?: Promise<unknown[]>;
  /** Servers that listen on an inherited socket (drained by the preload's graceful stop). */
  servers: Set<Server>;
  /** Installed by the preload: called for every server that starts on an inherited socket. */
  onServer?: (server: Server) => void;
}

const KEY = Symbol.for('systemfd.listenfd.process-state.v1');

export function processState(): ProcessState {
  const holder = globalThis as typeof globalThis & { [KEY]?: ProcessState };
  holder[KEY] ??= { taken: new Set(), servers: new Set() };
  return holder[KEY];
}

/** Records a server listening on an inherited socket, and tells the preload if it is loaded. */
export function registerInheritedServer(server: Server): void {
  const state = processState();
  if (state.servers.has(server)) return;
  state.servers.add(server);
  server.once('close', () => state.servers.delete(server));
  state.onServer?.(server);
}
