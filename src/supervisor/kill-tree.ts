/**
 * Stopping a command's whole process tree: stop signal → wait up to the timeout for the direct
 * child and everything of its tree → SIGKILL what is left. The next generation may only start
 * once nothing of the old one runs, or two servers would share the socket.
 *
 * This file is a platform selector: the OS-specific part (how a tree is found, signalled and
 * known to be gone) is a TreeControl, kill-tree-posix.ts or kill-tree-win32.ts, picked once
 * here. Both are plain TypeScript without FFI at import time, so importing both costs nothing.
 */
import type { ChildProcess } from 'node:child_process';
import { awakeNow } from './awake-clock.js';
import { newGenerationTag } from './generation-tag.js';
import { posixTreeControl } from './kill-tree-posix.js';
import { exited, type KnownProcesses, type TreeControl } from './tree-control.js';
import { win32TreeControl } from './kill-tree-win32.js';

export const treeControl: TreeControl = process.platform === 'win32' ? win32TreeControl : posixTreeControl;

export interface StopResult {
  /** SIGKILL was needed. */
  forced: boolean;
  elapsedMs: number;
}

const POLL_MS = 10;
const tags = new WeakMap<ChildProcess, string>();

/** A fresh tag for a generation's environment (see generation-tag.ts). */
export { newGenerationTag };

/** Record that `child` was spawned with `tag` in its environment; stopTree then finds its escapees. */
export function trackGeneration(child: ChildProcess, tag: string): void {
  tags.set(child, tag);
  treeControl.track(child, tag);
}

/** The tag `child` was spawned with, or null. */
export function generationTagOf(child: ChildProcess): string | null {
  return tags.get(child) ?? null;
}

/** Send `signal` to the tree rooted at `child` (group, known descendants, tagged escapees). */
export async function signalTree(child: ChildProcess, signal: NodeJS.Signals, known: KnownProcesses = new Map()): Promise<KnownProcesses> {
  if (child.pid === undefined) return known;
  await treeControl.signalTree(child, signal, known, generationTagOf(child));
  return known;
}

function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (check()) return resolve(true);
    const deadline = awakeNow() + timeoutMs;
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve(true);
      } else if (awakeNow() >= deadline) {
        clearInterval(timer);
        resolve(false);
      }
    }, POLL_MS);
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Stop the whole tree and resolve once nothing of it runs any more. `timeoutMs` 0 kills at once.
 * A tree that is already gone still gets one look for tagged escapees (a command that exited on
 * its own may have left a daemon behind).
 */
export async function stopTree(child: ChildProcess, { signal, timeoutMs }: { signal: NodeJS.Signals; timeoutMs: number }): Promise<StopResult> {
  const started = Date.now();
  // The grace period is awake time (awake-clock.ts): time the tree spent suspended by job
  // control is not time it had to exit in.
  const awakeStart = awakeNow();
  if (child.pid === undefined) return { forced: false, elapsedMs: 0 };
  const known: KnownProcesses = new Map();
  const treeGone = () => treeControl.treeGone(child, known);
  let forced = false;
  await signalTree(child, timeoutMs === 0 ? 'SIGKILL' : signal, known);
  if (!treeGone()) {
    forced = timeoutMs === 0;
    const remaining = () => Math.max(0, timeoutMs - (awakeNow() - awakeStart));
    let graceful = false;
    // A wait that timed out because of a suspension is taken up again for what is left.
    do graceful = (await waitForExit(child, remaining())) && (await waitUntil(treeGone, remaining()));
    while (!graceful && !forced && remaining() > 0);
    if (!graceful) {
      forced = true;
      await signalTree(child, 'SIGKILL', known);
      await waitForExit(child, 5_000);
      await waitUntil(treeGone, 5_000);
    }
  }
  treeControl.release(child, known);
  return { forced, elapsedMs: Date.now() - started };
}
