/**
 * The environment contract between the launcher and the preload. The launcher sets
 * these in the command's environment; every Node process of the command's tree reads them.
 * SYSTEMFD_FD_ADDRS is defined with its codec in protocol/fd-addresses.ts.
 */
import { DEFAULT_STOP_SIGNAL as PROTOCOL_DEFAULT_STOP_SIGNAL, DEFAULT_STOP_TIMEOUT_MS as PROTOCOL_DEFAULT_STOP_TIMEOUT_MS } from '../protocol/defaults.js';

export const PRELOAD_ENV = {
  /** Signal that starts the graceful hand-over (default SIGTERM). */
  STOP_SIGNAL: 'SYSTEMFD_STOP_SIGNAL',
  /** Upper bound in ms for draining before the process ends anyway (default: the stop timeout's). */
  STOP_TIMEOUT_MS: 'SYSTEMFD_STOP_TIMEOUT_MS',
  /** Info lines: `plain` (default), `color`, or `quiet` (for systemfd -q). */
  LOG: 'SYSTEMFD_PRELOAD_LOG',
} as const;

// The launcher's defaults, so a process that misses the variables behaves like one that got them.
export const DEFAULT_STOP_SIGNAL: NodeJS.Signals = PROTOCOL_DEFAULT_STOP_SIGNAL;
export const DEFAULT_STOP_TIMEOUT_MS = PROTOCOL_DEFAULT_STOP_TIMEOUT_MS;

export type PreloadLog = 'plain' | 'color' | 'quiet';

export function readPreloadLog(env: NodeJS.ProcessEnv): PreloadLog {
  const value = env[PRELOAD_ENV.LOG];
  return value === 'quiet' || value === 'color' ? value : 'plain';
}

export function readStopSignal(env: NodeJS.ProcessEnv): NodeJS.Signals {
  const value = env[PRELOAD_ENV.STOP_SIGNAL];
  return value !== undefined && /^SIG[A-Z0-9]+$/.test(value) ? (value as NodeJS.Signals) : DEFAULT_STOP_SIGNAL;
}

export function readStopTimeout(env: NodeJS.ProcessEnv): number {
  const value = Number(env[PRELOAD_ENV.STOP_TIMEOUT_MS]);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_STOP_TIMEOUT_MS;
}

/**
 * Readiness: the preload tells systemfd when this generation listens on an inherited socket
 * (and when a listen of its own failed), over a FIFO in systemfd's run directory, one JSON line
 * per message. Not stdout: that belongs to the server.
 */
export const READY_ENV = {
  /** Path of the launcher's readiness FIFO. */
  SOCKET: 'SYSTEMFD_READY_SOCKET',
  /** The generation this process belongs to (echoed back in every message). */
  GENERATION: 'SYSTEMFD_READY_GENERATION',
} as const;

export type ReadyMessage =
  | { generation: number; pid: number; event: 'ready'; fd: number | null }
  | { generation: number; pid: number; event: 'listen-failed'; code: string; port: number | null; address: string | null };

/** Parses one line from the readiness socket; null for anything malformed. */
export function parseReadyMessage(line: string): ReadyMessage | null {
  try {
    const value = JSON.parse(line) as Partial<ReadyMessage>;
    if (typeof value.generation !== 'number' || typeof value.pid !== 'number') return null;
    if (value.event === 'ready' || value.event === 'listen-failed') return value as ReadyMessage;
    return null;
  } catch {
    return null;
  }
}
