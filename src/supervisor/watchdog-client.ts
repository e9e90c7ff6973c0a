/**
 * The systemfd side of the watchdog (watchdog.ts): started once, on the first generation, and
 * told about each generation's process group over its stdin. systemfd never closes that pipe
 * itself; the kernel closes it when systemfd dies, however it dies (kill -9 included), and the
 * watchdog then kills what is left. A pipe works on Linux and macOS alike; PR_SET_PDEATHSIG
 * would only exist on Linux and only reach the direct child, not its group or setsid'd
 * descendants.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SESSION_ID } from './generation-tag.js';
import { WATCHDOG_SCRIPT } from './watchdog.js';

export class WatchdogClient {
  #process: ChildProcess | null = null;
  #failed = false;

  /** The watchdog's pid once it runs: it is systemfd's child, but of no generation's tree. */
  get pid(): number | null {
    return this.#process?.pid ?? null;
  }

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
      // it, so it is still there when systemfd is not. Its environment is PATH alone, so grep
      // and sleep are found where this system keeps them (not every system has /usr/bin) and
      // nothing else of the user's settings reaches it; no fds but the pipe, so it never holds
      // a socket; `/` as its directory, so it keeps no directory of the user's busy. It runs
      // at normal priority: a shell is up in about a millisecond, and a lowered priority would
      // only make the kill late on a busy machine.
      const env = process.env.PATH === undefined ? {} : { PATH: process.env.PATH };
      const child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'systemfd-watchdog', SESSION_ID], { stdio: ['pipe', 'ignore', 'ignore'], detached: true, env, cwd: '/' });
      child.on('error', () => {
        this.#failed = true;
      });
      child.stdin?.on('error', () => {});
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
