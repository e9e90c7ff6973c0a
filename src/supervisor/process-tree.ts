/**
 * Process facts for kill-tree.ts, read from /proc on Linux (a few ms, no subprocess). Elsewhere
 * listDescendants returns null (kill-tree.ts then falls back to tree-kill, which walks `ps` or
 * uses taskkill) and the liveness checks use kill(pid, 0).
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

/** /proc/<pid>/stat, or null when the process is gone (or there is no /proc). */
function readProcStat(pid: number): ProcStat | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the parenthesised command name (which may contain spaces and ')').
  const [state = '', ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp) };
}

/** Every process's stat, or null without /proc. Processes exiting meanwhile are skipped. */
function readAllProcStats(): ProcStat[] | null {
  if (process.platform !== 'linux') return null;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  return entries.filter((e) => /^\d+$/.test(e)).map((e) => readProcStat(Number(e))).filter((s): s is ProcStat => s !== null);
}

/** Zombies do not count as alive: an orphan's zombie waits for pid 1, and some inits never reap. */
const isLive = (stat: ProcStat): boolean => stat.state !== 'Z' && stat.state !== 'X';

/** kill(target, 0): EPERM still means "exists". */
function signalZeroSucceeds(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function listDescendants(rootPid: number): number[] | null {
  const stats = readAllProcStats();
  if (stats === null) return null;
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of stats) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** True while a live process is in process group `pgid`. */
export function groupExists(pgid: number): boolean {
  const stats = readAllProcStats();
  if (stats !== null) return stats.some((s) => s.pgrp === pgid && isLive(s));
  return signalZeroSucceeds(-pgid);
}

/** True while the process exists and is not a zombie. */
export function pidExists(pid: number): boolean {
  if (process.platform === 'linux') {
    const stat = readProcStat(pid);
    return stat !== null && isLive(stat);
  }
  return signalZeroSucceeds(pid);
}
