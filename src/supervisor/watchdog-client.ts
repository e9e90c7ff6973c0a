/**
 * The systemfd side of the watchdog (watchdog.ts): started once, on the first generation, and
 * told about each generation's process group over its stdin. systemfd never closes that pipe
 * itself; the kernel closes it when systemfd dies, however it dies (kill -9 included), and the
 * watchdog then kills what is left. A pipe works on Linux and macOS alike; PR_SET_PDEATHSIG
 * would only exist on Linux and only reach the direct child, not its group or setsid'd
 * descendants.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SESSION_ID } from './generation-tag.js';

const WATCHDOG_PATH = fileURLToPath(new URL('./watchdog.js', import.meta.url));

export class WatchdogClient {
  #process: ChildProcess | null = null;
  #failed = false;

  /** The watchdog kills process group `pgid` if systemfd dies while it is alive. */
  watchGroup(pgid: number): void {
    this.#send(`group ${pgid}`);
  }

  /** The group is gone: nothing to do for it any more. */
  forgetGroup(pgid: number): void {
    this.#send(`forget ${pgid}`);
  }

  #send(line: string): void {
    const stdin = this.#start()?.stdin;
    if (!stdin || stdin.destroyed) return;
    stdin.write(`${line}\n`);
  }

  #start(): ChildProcess | null {
    if (this.#process || this.#failed) return this.#process;
    try {
      // Its own session (detached): a signal to systemfd's group or terminal does not reach
      // it, so it is still there when systemfd is not. An empty environment keeps a user's
      // NODE_OPTIONS out of it; no fds but the pipe, so it never holds a socket.
      const child = spawn(process.execPath, [WATCHDOG_PATH, SESSION_ID], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, env: {} });
      child.on('error', () => {
        this.#failed = true;
      });
      child.stdin?.on('error', () => {});
      // Lowest priority: its start-up must not compete with the command's. Nothing is lost if
      // it boots late: what systemfd wrote, and the end of the pipe, wait for it in the pipe.
      if (child.pid !== undefined) {
        try {
          setPriority(child.pid, 19);
        } catch {
          // not permitted here: it only starts a little sooner
        }
      }
      // Neither the process nor the pipe may keep systemfd's event loop alive.
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.#process = child;
    } catch {
      this.#failed = true;
    }
    return this.#process;
  }
}
