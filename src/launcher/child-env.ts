/**
 * The environment patch for each generation of the command: the socket hand-off variables,
 * the user's additions, and the Node preload (issue 5) unless disabled.
 */
import type { EnvPatch } from '../protocol/env.js';
import type { SocketSet } from '../sockets/socket-set.js';
import type { CommandOptions } from './options.js';
import { preloadEnv } from './preload-env.js';

export function buildChildEnv(sockets: SocketSet, command: CommandOptions, extra: { stopSignal?: NodeJS.Signals; stopTimeoutMs?: number }, baseEnv: NodeJS.ProcessEnv): EnvPatch {
  const patch: EnvPatch = { ...command.env, ...sockets.childEnv({ withPid: command.pid }) };
  if (command.nodePreload && sockets.sockets.length > 0) {
    Object.assign(patch, preloadEnv(sockets, baseEnv.NODE_OPTIONS ?? command.env.NODE_OPTIONS, extra));
  }
  return patch;
}
