/**
 * Wiring of the Node preload (src/preload) into the child's environment: NODE_OPTIONS
 * gets `--import=<preload>`, plus the socket addresses and the stop settings it reads.
 */
import type { EnvPatch } from '../protocol/env.js';
import type { SocketSet } from '../sockets/socket-set.js';
import { preloadEnvPatch } from '../preload/node-options.js';
import type { PreloadLog } from '../preload/contract.js';

export interface PreloadSettings {
  stopSignal?: NodeJS.Signals;
  stopTimeoutMs?: number;
  log: PreloadLog;
  cwd: string;
}

/** The preload drains until shortly before our SIGKILL, so it can finish on its own terms. */
const DRAIN_MARGIN_MS = 250;

export function preloadEnv(sockets: SocketSet, nodeOptions: string | undefined, settings: PreloadSettings): EnvPatch {
  const { stopTimeoutMs } = settings;
  const drainMs = stopTimeoutMs === undefined ? undefined : Math.max(0, stopTimeoutMs - Math.min(DRAIN_MARGIN_MS, stopTimeoutMs / 10));
  return preloadEnvPatch(sockets.sockets, nodeOptions, {
    log: settings.log,
    cwd: settings.cwd,
    ...(settings.stopSignal ? { stopSignal: settings.stopSignal } : {}),
    ...(drainMs !== undefined ? { stopTimeoutMs: drainMs } : {}),
  });
}
