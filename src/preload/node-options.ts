/**
 * How the launcher injects the preload: `--require=<path of register.cjs>` appended to
 * NODE_OPTIONS, which Node reads in every node process of the command's tree (CJS and ESM
 * mains alike), plus the variables the preload reads.
 */
import { fileURLToPath } from 'node:url';
import { encodeFdAddresses, type BoundSocketLike } from '../protocol/fd-addresses.js';
import { PRELOAD_ENV, type PreloadLog } from './contract.js';

/** Path of the preload entry (next to this file in the build). */
export const PRELOAD_FILE: string = fileURLToPath(new URL('./register.cjs', import.meta.url));

/**
 * A value as NODE_OPTIONS reads it: Node splits NODE_OPTIONS at spaces, except inside double
 * quotes, where a backslash escapes the next character. Outside quotes a backslash is literal,
 * so a Windows path without spaces goes as it is.
 */
export function nodeOptionValue(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : value;
}

const FLAG = `--require=${nodeOptionValue(PRELOAD_FILE)}`;

/**
 * NODE_OPTIONS with the preload appended (the user's own options kept first). Idempotent: an
 * existing identical flag is not added twice.
 */
export function withPreload(nodeOptions: string | undefined): string {
  const current = (nodeOptions ?? '').trim();
  if (` ${current} `.includes(` ${FLAG} `)) return current;
  return current === '' ? FLAG : `${current} ${FLAG}`;
}

export interface PreloadEnvOptions {
  /** The launcher's stop signal (the preload drains on it). */
  stopSignal?: NodeJS.Signals;
  /** The launcher's stop timeout; the preload gives up draining after it. */
  stopTimeoutMs?: number;
  log?: PreloadLog;
  /** Base for relative unix socket paths (the command's cwd). */
  cwd?: string;
}

/**
 * The whole environment patch for the preload: NODE_OPTIONS, SYSTEMFD_FD_ADDRS and the stop
 * settings. Pure; pass the bound sockets in fd order (`SocketSet.sockets`).
 */
export function preloadEnvPatch(sockets: readonly BoundSocketLike[], nodeOptions: string | undefined, options: PreloadEnvOptions = {}): Record<string, string> {
  const patch: Record<string, string> = {
    NODE_OPTIONS: withPreload(nodeOptions),
  ...encodeFdAddresses(sockets, options.cwd),
  };
  if (options.stopSignal) patch[PRELOAD_ENV.STOP_SIGNAL] = options.stopSignal;
  if (options.stopTimeoutMs !== undefined) patch[PRELOAD_ENV.STOP_TIMEOUT_MS] = String(Math.round(options.stopTimeoutMs));
  if (options.log) patch[PRELOAD_ENV.LOG] = options.log;
  return patch;
}
