/**
 * What the tree kill needs from the operating system, as one interface with a POSIX and a
 * Windows implementation (kill-tree-posix.ts, kill-tree-win32.ts). kill-tree.ts picks one and
 * holds the part that is the same everywhere: signal, wait up to the timeout, force.
 */
import type { ChildProcess } from 'node:child_process';

/** Processes of a tree found so far: pid → start time (null where the OS does not say). */
export type KnownProcesses = Map<number, number | null>;

export interface TreeControl {
  /** Start each generation as the leader of a new process group (POSIX), so one kill reaches it. */
  readonly ownProcessGroup: boolean;
  /** Windows command resolution (PATHEXT, no exec trampoline) instead of POSIX. */
  readonly windowsCommands: boolean;
  /** The signals this OS can deliver to another process; null when all of them. */
  readonly deliverableSignals: readonly NodeJS.Signals[] | null;
  /** The command's terminating signal can be re-raised on ourselves, to mirror it. */
  readonly mirrorsSignals: boolean;
  /** Called right after a generation was spawned with `tag` in its environment. */
  track(child: ChildProcess, tag: string): void;
  /** Send `signal` to the tree; adds what it finds to `known`. */
  signalTree(child: ChildProcess, signal: NodeJS.Signals, known: KnownProcesses, tag: string | null): Promise<void>;
  /** Nothing of the tree runs any more. */
  treeGone(child: ChildProcess, known: KnownProcesses): boolean;
  /** The tree is gone: release what it left (zombies of reparented orphans, the watchdog's note). */
  release(child: ChildProcess, known: KnownProcesses): void;
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}
