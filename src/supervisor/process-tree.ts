/**
 * Process facts for the POSIX tree kill and the watchdog, read from /proc where it exists (a
 * few ms, no subprocess). Whether there is a /proc is tested, not assumed from the platform
 * name: on macOS listDescendants returns null (kill-tree-posix.ts then falls back to
 * tree-kill's `ps` walk) and the liveness checks use kill(pid, 0).
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

/** Every descendant of `rootPid` (breadth first), or null without /proc. */
export function listDescendants(rootPid: number, stats: ProcStat[] | null = readAllProcStats()): ProcStat[] | null {
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

/** True while a live process is in process group `pgid`. */
export function groupExists(pgid: number): boolean {
  const stats = readAllProcStats();
  if (stats !== null) return stats.some((s) => s.pgrp === pgid && isLive(s));
  return signalZeroSucceeds(-pgid);
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
