/**
 * A generation backed by a real process tree: the ChildProcess from spawn-child.ts, stopped
 * through kill-tree.ts. A stop already under way is escalated, not repeated, when asked to
 * force (a second Ctrl-C), and its result then says `forced: true`.
 */
import type { ChildProcess } from 'node:child_process';
import { SpawnError } from '../errors.js';
import type { GenerationProcess } from './generation.js';
import { signalTree, stopTree, type StopResult } from './kill-tree.js';
import type { ExitStatus } from './signals.js';

export interface ProcessGenerationOptions {
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
  /** Called once the tree is gone (release per-generation resources). */
  onGone?: () => void;
  onRetire?: () => void;
  /** Called once when a graceful stop still runs after SLOW_STOP_MS, with the time left before SIGKILL. */
  onSlowStop?: (killInMs: number) => void;
}

/** A stop that lasts longer than this is worth a line: the server is likely ignoring the signal. */
export const SLOW_STOP_MS = 1_000;

export function processGeneration(child: ChildProcess, options: ProcessGenerationOptions): GenerationProcess {
  const pid = child.pid;
  if (pid === undefined) {
    // spawn() failed after our PATH check (the OS refused it); its 'error' event follows.
    child.once('error', () => {});
    options.onGone?.();
    throw new SpawnError('the command could not be started');
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let stopping: Promise<StopResult> | null = null;
  let forced = false;
  let stopStarted = 0;
  return {
    pid,
    exited,
    signal: async (signal) => void (await signalTree(child, signal)),
    retire: () => options.onRetire?.(),
    stop: ({ force, timeoutMs = options.stopTimeoutMs }) => {
      if (stopping) {
        if (force && !forced) {
          forced = true;
          void stopTree(child, { signal: 'SIGKILL', timeoutMs: 0 });
        }
        return stopping;
      }
      stopStarted = Date.now();
      forced = force;
      const slow = !force && options.onSlowStop && timeoutMs > SLOW_STOP_MS
        ? setTimeout(() => forced || options.onSlowStop?.(timeoutMs - (Date.now() - stopStarted)), SLOW_STOP_MS)
        : undefined;
      stopping = stopTree(child, { signal: options.stopSignal, timeoutMs: force ? 0 : timeoutMs }).then((result) => {
        clearTimeout(slow);
        options.onGone?.();
        return { forced: result.forced || forced, elapsedMs: Date.now() - stopStarted };
      });
      return stopping;
    },
  };
}
