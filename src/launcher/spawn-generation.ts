/** One generation of the command with the sockets: the same for one-shot and watch mode. */
import type { ChildProcess } from 'node:child_process';
import type { EnvPatch } from '../protocol/env.js';
import type { SocketSet } from '../sockets/socket-set.js';
import { spawnChild } from '../supervisor/spawn-child.js';
import type { CommandOptions } from './options.js';

export function spawnGeneration(command: CommandOptions, sockets: SocketSet, { env, envPatch, stdin, proxied }: { env: NodeJS.ProcessEnv; envPatch: EnvPatch; stdin: 'inherit' | 'ignore'; proxied?: { fds: number[] } }): ChildProcess {
  if (!proxied) sockets.prepareForChild();
  return spawnChild({
    argv: command.argv,
    cwd: command.cwd,
    baseEnv: env,
    envPatch,
    // Proxied: the sockets stay with the router, the command binds its private ports.
    fds: proxied ? proxied.fds : sockets.childFds(),
    // LISTEN_PID only goes with sockets (no sockets, no LISTEN_* at all, as with systemd).
    withPid: !proxied && command.pid && sockets.sockets.length > 0,
    stdin,
  });
}
