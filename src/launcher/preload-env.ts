/** Wiring of the Node preload (src/preload) into the child's environment: filled in by issue 5. */
import type { EnvPatch } from '../protocol/env.js';
import type { SocketSet } from '../sockets/socket-set.js';

export function preloadEnv(_sockets: SocketSet, _nodeOptions: string | undefined, _extra: { stopSignal?: NodeJS.Signals; stopTimeoutMs?: number }): EnvPatch {
  return {};
}
