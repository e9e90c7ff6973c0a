/**
 * Stopping a command's whole process tree (SPEC B.9, C).
 *
 * POSIX: the command leads its own process group (spawn-child.ts), so kill(-pgid) reaches every
 * process that did not move to another group. Descendants that did (a daemonising grandchild
 * calling setsid) are found by walking the tree *before* signalling, while their parents still
 * link them to us (/proc on Linux; tree-kill's `ps` walk on macOS). Then: stop signal →
 * wait up to the timeout for the direct child and the group → SIGKILL everything left.
 *
 * Windows: there are no process groups or signals; tree-kill runs `taskkill /T /F` (it kills the
 * whole tree at once), which is also what the stop timeout escalates to.
 *
 * This file is one of the three platform selection points (STYLE section 4).
 */
import type { ChildProcess } from 'node:child_process';
import treeKill from 'tree-kill';
import { groupExists, listDescendants, pidExists } from './process-tree.js';

export interface StopResult {
  /** SIGKILL was needed. */
  forced: boolean;
  elapsedMs: number;
}

const POLL_MS = 10;

function signalPids(pids: Iterable<number>, signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Resolves with whether tree-kill reported success (it shells out to ps / taskkill). */
function treeKillAsync(pid: number, signal: NodeJS.Signals): Promise<boolean> {
  return new Promise((resolve) => treeKill(pid, signal, (error) => resolve(!error)));
}

/** Send `signal` to the tree rooted at `child` (group + known descendants). */
export async function signalTree(child: ChildProcess, signal: NodeJS.Signals, known: Set<number> = new Set()): Promise<Set<number>> {
  const pid = child.pid;
  if (pid === undefined) return known;
  if (process.platform === 'win32') {
    // taskkill /T /F kills the tree. Where it fails (Wine's taskkill has no /T; access denied),
    // at least the direct child must die: TerminateProcess through child.kill().
    if (!exited(child) && !(await treeKillAsync(pid, 'SIGKILL'))) child.kill();
    return known;
  }
  const descendants = listDescendants(pid);
  for (const d of descendants ?? []) known.add(d);
  try {
    process.kill(-pid, signal);
  } catch {
    // group already empty
  }
  signalPids(known, signal);
  if (descendants === null && child.exitCode === null && child.signalCode === null) {
    // No /proc: let tree-kill walk `ps` for processes that left the group.
    await treeKillAsync(pid, signal);
  }
  return known;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (check()) return resolve(true);
    const deadline = Date.now() + timeoutMs;
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve(true);
      } else if (Date.now() >= deadline) {
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
 * Stop the whole tree and resolve once nothing of it runs any more (the next generation may
 * only start then). `timeoutMs` 0 kills at once.
 */
export async function stopTree(child: ChildProcess, { signal, timeoutMs }: { signal: NodeJS.Signals; timeoutMs: number }): Promise<StopResult> {
  const started = Date.now();
  const pid = child.pid;
  if (pid === undefined) return { forced: false, elapsedMs: 0 };
  const known = new Set<number>();
  const treeGone = () => exited(child) && (process.platform === 'win32' || !groupExists(pid)) && [...known].every((p) => !pidExists(p));
  let forced = false;
  if (!treeGone()) {
    await signalTree(child, timeoutMs === 0 ? 'SIGKILL' : signal, known);
    forced = timeoutMs === 0;
    const remaining = () => Math.max(0, timeoutMs - (Date.now() - started));
    const graceful = (await waitForExit(child, remaining())) && (await waitUntil(treeGone, remaining()));
    if (!graceful) {
      forced = true;
      await signalTree(child, 'SIGKILL', known);
      await waitForExit(child, 5_000);
      await waitUntil(treeGone, 5_000);
    }
  }
  return { forced, elapsedMs: Date.now() - started };
}
