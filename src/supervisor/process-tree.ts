/**
 * Process facts for the POSIX tree kill, read from /proc where it exists (no subprocess).
 * Whether there is a /proc is tested, not assumed from the platform name: on macOS
 * listDescendants returns null (kill-tree-posix.ts then falls back to tree-kill's `ps` walk)
 * and the liveness checks use kill(pid, 0).
 *
 * Reading every process's stat costs milliseconds a pass, more the more processes the machine
 * runs, and a stop makes several passes. Where the kernel lists each thread's children
 * (/proc/<pid>/task/<tid>/children), the descendants of one process are found by walking down
 * from it instead, reading only the processes of its own tree: when systemfd is the child
 * subreaper, that tree holds everything it started, orphans included.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks since boot when the process started: with the pid, it names one process. */
  startTime: number;
}

let procfs: boolean | undefined;

/** True where /proc describes processes (Linux). */
export function hasProcfs(): boolean {
  procfs ??= existsSync('/proc/self/stat');
  return procfs;
}

/** /proc/<pid>/stat, or null when the process is gone (or there is no /proc). */
export function readProcStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the parenthesised command name (which may contain spaces and ')'): field 3
  // (state) is at index 0, so field 22 (starttime) is at index 19.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state = '', ppid, pgrp] = fields;
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), startTime: Number(fields[19]) };
}

/** Every process's stat, or null without /proc. Processes exiting meanwhile are skipped. */
export function readAllProcStats(): ProcStat[] | null {
  if (!hasProcfs()) return null;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  return entries.filter((e) => /^\d+$/.test(e)).map((e) => readProcStat(Number(e))).filter((s): s is ProcStat => s !== null);
}

let childrenFiles: boolean | undefined;

/** True where the kernel lists a thread's children in /proc (Linux with CONFIG_PROC_CHILDREN). */
export function hasChildrenFiles(): boolean {
  childrenFiles ??= hasProcfs() && existsSync(`/proc/${process.pid}/task/${process.pid}/children`);
  return childrenFiles;
}

/** The pids in a children file: "12 34 " (empty when there are none). */
export function parseChildren(text: string): number[] {
  return text.split(' ').filter((word) => /^\d+$/.test(word)).map(Number);
}

/**
 * Every pid below `rootPid`, breadth first, each once, given each process's children
 * (`childrenOf` returns [] for a process that is gone). A pid seen before is not walked again:
 * a reused pid could otherwise make the links a loop.
 */
export function walkChildren(rootPid: number, childrenOf: (pid: number) => readonly number[]): number[] {
  const seen = new Set([rootPid]);
  const order = [rootPid];
  for (let i = 0; i < order.length; i++) {
    for (const child of childrenOf(order[i] as number)) {
      if (seen.has(child)) continue;
      seen.add(child);
      order.push(child);
    }
  }
  return order.slice(1);
}

/**
 * The pids of `pid`'s children, from every thread's list (a child belongs to the thread that
 * forked it); [] once `pid` is gone. For this process only the main thread's list is read: it
 * spawns on its event loop, which runs there, and the kernel hands orphans to a subreaper's
 * first live thread, which is the main thread while the process runs.
 */
export function readChildPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = pid === process.pid ? [String(pid)] : readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const tid of tasks) {
    try {
      pids.push(...parseChildren(readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1')));
    } catch {
      // the thread ended meanwhile
    }
  }
  return pids;
}

/** A bound on re-reading the root's list: each look finds only what moved meanwhile. */
const ROOT_LOOKS = 4;

/** How the walk reads processes: /proc in readDescendantStats, a fixed story in its tests. */
export interface ProcReader {
  childPids(pid: number): number[];
  stat(pid: number): ProcStat | null;
}

/**
 * Every descendant of `rootPid` by the children lists, breadth first; `except` (and what is
 * below it) is left out unread. The lists are read one after another while processes come and
 * go, so two things are checked:
 * - A process that exits between the two reads frees its pid: a stat whose parent is neither
 *   the one that listed it nor the root belongs to another process, and is left out with what
 *   is below it.
 * - A process whose parent exits while the walk runs is handed to the root (the subreaper)
 *   after the root's list was read, and was not in its old parent's list either when that was
 *   read later. The root's list is read again until it holds nothing new.
 */
export function collectDescendants(rootPid: number, except: number | null, read: ProcReader): ProcStat[] {
  const stats = new Map<number, ProcStat>();
  const newChildren = (parent: number) =>
    read.childPids(parent).filter((pid) => {
      if (pid === except || stats.has(pid)) return false;
      const stat = read.stat(pid);
      if (stat === null || (stat.ppid !== parent && stat.ppid !== rootPid)) return false;
      stats.set(pid, stat);
      return true;
    });
  for (let look = 0, before = -1; look < ROOT_LOOKS && stats.size !== before; look++) {
    before = stats.size;
    walkChildren(rootPid, newChildren);
  }
  return [...stats.values()];
}

/** collectDescendants from /proc, or null where the kernel keeps no children lists. */
export function readDescendantStats(rootPid: number, except: number | null = null): ProcStat[] | null {
  if (!hasChildrenFiles()) return null;
  return collectDescendants(rootPid, except, { childPids: readChildPids, stat: readProcStat });
}

/** Zombies do not count as alive: an orphan's zombie waits for its reaper, and some never reap. */
export const isLive = (stat: ProcStat): boolean => stat.state !== 'Z' && stat.state !== 'X';

/** kill(target, 0): EPERM still means "exists". */
function signalZeroSucceeds(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Every descendant of `rootPid` (breadth first) by the parent links in `stats`, or null without
 * /proc. By default only `rootPid`'s own tree is read where the kernel lists children.
 */
export function listDescendants(rootPid: number, stats: ProcStat[] | null = readDescendantStats(rootPid) ?? readAllProcStats()): ProcStat[] | null {
  if (stats === null) return null;
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const found: ProcStat[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * The value of `name` in the environment the process was started with (/proc/<pid>/environ),
 * or null when it has none, is gone, or belongs to another user.
 */
export function readStartEnv(pid: number, name: string): string | null {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return null;
  }
  const prefix = `${name}=`;
  for (const entry of environ.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return null;
}

/**
 * True while a live process is in process group `pgid`. A group without any member, not even
 * a zombie, is known at the cost of one kill(-pgid, 0); only otherwise are the processes read
 * (`readStats`: all of them by default, or a tree known to hold every member).
 */
export function groupExists(pgid: number, readStats: () => ProcStat[] | null = readAllProcStats): boolean {
  if (!signalZeroSucceeds(-pgid)) return false;
  const stats = readStats();
  return stats === null || stats.some((s) => s.pgrp === pgid && isLive(s));
}

/**
 * True while the process exists and is not a zombie. With `startTime` (from an earlier
 * readProcStat), only while it is still that process: pids are reused.
 */
export function pidExists(pid: number, startTime: number | null = null): boolean {
  if (hasProcfs()) {
    const stat = readProcStat(pid);
    return stat !== null && isLive(stat) && (startTime === null || stat.startTime === startTime);
  }
  return signalZeroSucceeds(pid);
}
