/**
 * Starts one generation of the command with the sockets at fds 3.. (POSIX) and the hand-off
 * environment.
 *
 * LISTEN_PID must be the command's own pid, which a Node parent only learns after spawn. The
 * original execs in place; we get the same result with an exec trampoline: `/bin/sh -c 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"' CMD ARGS...` —
 * `$$` is the shell's pid and `exec` keeps it for the command.
 *
 * On POSIX the child leads a new session/process group (`detached`), so the whole tree can be
 * signalled with kill(-pgid) (supervisor/kill-tree.ts). It then no longer gets the terminal's
 * Ctrl-C, which is why supervisor/signals.ts forwards signals. Its environment carries a
 * generation tag, by which the tree kill and the watchdog find processes that left the group.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { applyEnvPatch, type EnvPatch } from '../protocol/env.js';
import { GENERATION_VAR } from './generation-tag.js';
import { newGenerationTag, trackGeneration, treeControl } from './kill-tree.js';
import { checkWorkingDirectory, resolveCommand } from './resolve-command.js';

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
  /** 'inherit' (one-shot, --no-stdin) or 'pipe' (watch mode reads `rs` and passes the rest on). */
  stdin: 'inherit' | 'ignore' | 'pipe';
  /** Windows command rules (PATHEXT, no trampoline); defaults to the host's. */
  windows?: boolean;
  /** The generation tag for the environment; a fresh one by default. */
  generationTag?: string;
}

/** The argv actually executed: pure, so the trampoline and fd layout are unit-tested. */
export function buildSpawnArgs({ argv, withPid, windows = treeControl.windowsCommands }: Pick<SpawnChildOptions, 'argv' | 'withPid' | 'windows'>, resolved: string): { file: string; args: string[] } {
  const [, ...args] = argv;
  if (withPid && !windows) {
    // $0 is the resolved path: the shell must not search PATH again (it could find another one).
    return { file: '/bin/sh', args: ['-c', PID_TRAMPOLINE, resolved, ...args] };
  }
  return { file: resolved, args };
}

export function spawnChild(options: SpawnChildOptions): ChildProcess {
  const { argv, cwd, baseEnv, envPatch, fds, stdin, windows = treeControl.windowsCommands, generationTag = newGenerationTag() } = options;
  const env = { ...applyEnvPatch(baseEnv, envPatch), [GENERATION_VAR]: generationTag };
  const program = argv[0];
  if (program === undefined) throw new Error('spawnChild needs a command');
  checkWorkingDirectory(program, cwd);
  const resolved = resolveCommand(program, { cwd, env, windows });
  const { file, args } = buildSpawnArgs(options, resolved);
  const stdio: StdioOptions = [stdin, 'inherit', 'inherit', ...fds];
  const child = spawn(file, args, {
    cwd,
    env,
    stdio,
    detached: treeControl.ownProcessGroup,
    windowsHide: true,
    // Without the trampoline, argv[0] is what the user typed (as a shell would pass it).
    ...(file === resolved ? { argv0: program } : {}),
  });
  trackGeneration(child, generationTag);
  return child;
}
