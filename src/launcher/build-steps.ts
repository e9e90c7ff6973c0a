/**
 * `--build CMD` steps (like cargo-watch's `-x`): shell commands run in order before each start.
 * They never get the sockets (they are CLOEXEC in the parent and we pass no fds) nor LISTEN_*.
 */
import { spawn } from 'node:child_process';
import { applyEnvPatch, encodeListenEnv } from '../protocol/env.js';

export type BuildResult = { ok: true; elapsedMs: number } | { ok: false; command: string; status: string; elapsedMs: number };

export async function runBuildSteps(commands: readonly string[], { cwd, env, extraEnv }: { cwd: string; env: NodeJS.ProcessEnv; extraEnv: Record<string, string> }): Promise<BuildResult> {
  const started = Date.now();
  const childEnv = applyEnvPatch({ ...env, ...extraEnv }, encodeListenEnv([], { withPid: false }));
  for (const command of commands) {
    const status = await new Promise<string | null>((resolve) => {
      const child = spawn(command, { cwd, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'], shell: true, windowsHide: true });
      child.once('error', (error) => resolve(`could not start (${(error as NodeJS.ErrnoException).code ?? error.message})`));
      child.once('exit', (code, signal) => resolve(code === 0 ? null : signal ? `killed by ${signal}` : `exited with status ${code}`));
    });
    if (status !== null) return { ok: false, command, status, elapsedMs: Date.now() - started };
  }
  return { ok: true, elapsedMs: Date.now() - started };
}
