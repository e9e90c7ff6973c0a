/**
 * The environment patch for each generation of the command: the socket hand-off variables,
 * the user's additions, and the Node preload unless disabled.
 */
import type { Reporter } from '../log/reporter.js';
import type { EnvPatch } from '../protocol/env.js';
import type { SocketSet } from '../sockets/socket-set.js';
import type { CommandOptions } from './options.js';
import { preloadEnv } from './preload-env.js';

export function buildChildEnv(
  sockets: SocketSet,
  command: CommandOptions,
  stop: { stopSignal?: NodeJS.Signals; stopTimeoutMs?: number },
  baseEnv: NodeJS.ProcessEnv,
  reporter: Reporter,
): EnvPatch {
  const patch: EnvPatch = { ...command.env, ...sockets.childEnv({ withPid: command.pid }) };
  if (command.nodePreload && sockets.sockets.length > 0) {
    const log = reporter.quiet ? 'quiet' : reporter.color ? 'color' : 'plain';
    Object.assign(patch, preloadEnv(sockets, command.env.NODE_OPTIONS ?? baseEnv.NODE_OPTIONS, { ...stop, log, cwd: command.cwd }));
  }
  return patch;
}
