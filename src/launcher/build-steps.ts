/**
 * `--build CMD` steps (like cargo-watch's `-x`): shell commands run in order before each start.
 * They never get the sockets (they are CLOEXEC in the parent and we pass no fds) nor LISTEN_*.
 * Each step leads its own process group, so shutting down stops a build's whole tree too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { applyEnvPatch, encodeListenEnv } from '../protocol/env.js';
import { signalTree, stopTree, treeControl } from '../supervisor/kill-tree.js';

export type BuildResult = { ok: true; elapsedMs: number } | { ok: false; command: string; status: string; elapsedMs: number };

const CANCEL_TIMEOUT_MS = 2_000;

export class BuildRunner {
  #current: ChildProcess | null = null;

  async run(commands: readonly string[], { cwd, env, extraEnv }: { cwd: string; env: NodeJS.ProcessEnv; extraEnv: Record<string, string> }): Promise<BuildResult> {
    const started = Date.now();
    const childEnv = applyEnvPatch({ ...env, ...extraEnv }, encodeListenEnv([], { withPid: false }));
    for (const command of commands) {
      const status = await new Promise<string | null>((resolve) => {
        const child = spawn(command, { cwd, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'], shell: true, windowsHide: true, detached: treeControl.ownProcessGroup });
        this.#current = child;
        child.once('error', (error) => resolve(`could not start (${(error as NodeJS.ErrnoException).code ?? error.message})`));
        child.once('exit', (code, signal) => resolve(code === 0 ? null : signal ? `killed by ${signal}` : `exited with status ${code}`));
      });
      this.#current = null;
      if (status !== null) return { ok: false, command, status, elapsedMs: Date.now() - started };
    }
    return { ok: true, elapsedMs: Date.now() - started };
  }

  /** Signal the running step's tree, if any (job control: Ctrl-Z suspends a build too). */
  async signalAll(signal: NodeJS.Signals): Promise<void> {
    if (this.#current) await signalTree(this.#current, signal);
  }

  /** Stop the running step's tree, if any (shutdown must not wait for a long build). */
  async cancel(): Promise<void> {
    if (this.#current) await stopTree(this.#current, { signal: 'SIGTERM', timeoutMs: CANCEL_TIMEOUT_MS });
  }
}
