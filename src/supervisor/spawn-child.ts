/**
 * Starts one generation of the command with the sockets at fds 3.. (POSIX) and the hand-off
 * environment.
 *
 * LISTEN_PID must be the command's own pid, which a Node parent only learns after spawn. The
 * original execs in place; we get the same result with an exec trampoline (SPEC A "Unix
 * hand-off"): `/bin/sh -c 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"' CMD ARGS...` —
 * `$$` is the shell's pid and `exec` keeps it for the command.
 *
 * On POSIX the child leads a new session/process group (`detached`), so the whole tree can be
 * signalled with kill(-pgid) (supervisor/kill-tree.ts). It then no longer gets the terminal's
 * Ctrl-C, which is why supervisor/signals.ts forwards signals.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { applyEnvPatch, type EnvPatch } from '../protocol/env.js';
import { resolveCommand } from './resolve-command.js';

export const PID_TRAMPOLINE = 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"';

export interface SpawnChildOptions {
  argv: readonly string[];
  cwd: string;
  baseEnv: NodeJS.ProcessEnv;
  envPatch: EnvPatch;
  /** Raw fds to place at 3, 4, ... in the child. */
  fds: readonly number[];
  /** Use the exec trampoline so the command sees LISTEN_PID = its pid. */
  withPid: boolean;
  /** 'inherit' (one-shot, --no-stdin) or 'ignore' (watch mode reads `rs` itself). */
  stdin: 'inherit' | 'ignore';
  platform?: NodeJS.Platform;
}

/** The argv actually executed: pure, so the trampoline and fd layout are unit-tested. */
export function buildSpawnArgs({ argv, withPid, platform = process.platform }: Pick<SpawnChildOptions, 'argv' | 'withPid' | 'platform'>, resolved: string): { file: string; args: string[] } {
  const [, ...args] = argv;
  if (withPid && platform !== 'win32') {
    // $0 is the resolved path: the shell must not search PATH again (it could find another one).
    return { file: '/bin/sh', args: ['-c', PID_TRAMPOLINE, resolved, ...args] };
  }
  return { file: resolved, args };
}

export function spawnChild(options: SpawnChildOptions): ChildProcess {
  const { argv, cwd, baseEnv, envPatch, fds, stdin, platform = process.platform } = options;
  const env = applyEnvPatch(baseEnv, envPatch);
  const program = argv[0];
  if (program === undefined) throw new Error('spawnChild needs a command');
  const resolved = resolveCommand(program, { cwd, env, platform });
  const { file, args } = buildSpawnArgs(options, resolved);
  const stdio: StdioOptions = [stdin, 'inherit', 'inherit', ...fds];
  return spawn(file, args, {
    cwd,
    env,
    stdio,
    // POSIX: own process group for tree kills. Windows: `detached` would open a new console.
    detached: platform !== 'win32',
    windowsHide: true,
    // Without the trampoline, argv[0] is what the user typed (as a shell would pass it).
    ...(file === resolved ? { argv0: program } : {}),
  });
}
