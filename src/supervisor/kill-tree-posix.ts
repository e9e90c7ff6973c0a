/**
 * POSIX tree control (Linux, macOS).
 *
 * The command leads its own process group (spawn-child.ts), so kill(-pgid) reaches every
 * process that did not move to another group. Descendants that did (a daemonising grandchild
 * calling setsid) are found before signalling: by walking the parent links in /proc, and by
 * their generation tag (generation-tag.ts) for the ones whose parent chain is already broken.
 * On Linux systemfd is a child subreaper, so such orphans reparent to systemfd instead of
 * pid 1: every process it started, and every member of a generation's group, is then one of
 * systemfd's descendants. A stop reads only those (walking the children lists down from
 * systemfd, where the kernel has them) instead of every process on the machine, the tag is only
 * read from them, and the orphans can be reaped after they are killed (libuv waits only for the
 * pids it spawned). Without /proc (macOS) tree-kill's `ps` walk finds descendants that left the
 * group while their parent lives.
 *
 * A pid remembered from an earlier pass is only signalled again while its start time is still
 * the same: pids are reused, and a late SIGKILL must not hit an unrelated process.
 *
 * A watchdog (watchdog.ts) kills every group and tagged process when systemfd itself dies
 * without the chance to stop them (kill -9, a crashed terminal, an IDE's stop button).
 */
import type { ChildProcess } from 'node:child_process';
import treeKill from 'tree-kill';
import { becomeChildSubreaper, reapChild } from '../platform/posix/process-control.js';
import { GENERATION_VAR } from './generation-tag.js';
import { groupExists, hasChildrenFiles, hasProcfs, isLive, listDescendants, pidExists, readAllProcStats, readChildPids, readDescendantStats, readProcStat, readStartEnv, type ProcStat } from './process-tree.js';
import { exited, type KnownProcesses, type TreeControl } from './tree-control.js';
import { WatchdogClient } from './watchdog-client.js';

let subreaper: boolean | null = null;
const watchdog = new WatchdogClient();

/** Become the subreaper once, on the first generation (a no-op answer where it is unsupported). */
function ensureSubreaper(): boolean {
  subreaper ??= hasProcfs() && becomeChildSubreaper();
  return subreaper;
}

function remember(known: KnownProcesses, stat: ProcStat): void {
  if (!known.has(stat.pid)) known.set(stat.pid, stat.startTime);
}

/**
 * The processes a stop has to know about: as the subreaper, only our own descendants (every
 * process we started is one) but the watchdog, which belongs to no tree; otherwise all of
 * them. Null without /proc.
 */
function readRelevantStats(): ProcStat[] | null {
  return (subreaper ? readDescendantStats(process.pid, watchdog.pid) : null) ?? readAllProcStats();
}

/** Our children that are zombies: from our own children lists where the kernel keeps them. */
function ourZombies(): ProcStat[] {
  const children = subreaper && hasChildrenFiles() ? readChildPids(process.pid).filter((pid) => pid !== watchdog.pid).map(readProcStat) : readAllProcStats();
  return (children ?? []).filter((s): s is ProcStat => s !== null && s.ppid === process.pid && s.state === 'Z');
}

/** Processes carrying `tag`: among our descendants when we are the subreaper, else anywhere. */
function taggedProcesses(tag: string, stats: ProcStat[]): ProcStat[] {
  const candidates = subreaper ? (listDescendants(process.pid, stats) ?? []) : stats;
  return candidates.filter((s) => isLive(s) && s.pid !== process.pid && readStartEnv(s.pid, GENERATION_VAR) === tag);
}

function treeKillAsync(pid: number, signal: NodeJS.Signals): Promise<boolean> {
  return new Promise((resolve) => treeKill(pid, signal, (error) => resolve(!error)));
}

export const posixTreeControl: TreeControl = {
  ownProcessGroup: true,
  windowsCommands: false,
  deliverableSignals: null,
  mirrorsSignals: true,

  track(child: ChildProcess) {
    ensureSubreaper();
    if (child.pid !== undefined) watchdog.watchGroup(child.pid);
  },

  async signalTree(child, signal, known, tag) {
    const pid = child.pid;
    if (pid === undefined) return;
    const stats = readRelevantStats();
    const descendants = listDescendants(pid, stats);
    for (const stat of descendants ?? []) remember(known, stat);
    if (tag !== null && stats !== null) for (const stat of taggedProcesses(tag, stats)) remember(known, stat);
    // An exited leader's group number could be reused once the group is empty: only signal a
    // group that still has a live member (or when there is no /proc to ask).
    const groupLive = !exited(child) || stats === null || stats.some((s) => s.pgrp === pid && isLive(s));
    if (groupLive) {
      try {
        process.kill(-pid, signal);
      } catch {
        // group already empty
      }
    }
    // One signal per process: members of the group already got it, and a second SIGTERM means
    // "stop now" to servers that drain on the first (the preload's graceful stop does).
    const groupOf = new Map((stats ?? []).map((s) => [s.pid, s.pgrp]));
    for (const [member, startTime] of known) {
      if (member === pid || (groupLive && groupOf.get(member) === pid)) continue;
      if (!pidExists(member, startTime)) continue;
      try {
        process.kill(member, signal);
      } catch {
        // gone meanwhile
      }
    }
    // No /proc: let tree-kill walk `ps` for processes that left the group.
    if (descendants === null && !exited(child)) await treeKillAsync(pid, signal);
  },

  treeGone(child, known) {
    const pid = child.pid;
    if (pid === undefined) return exited(child);
    return exited(child) && [...known].every(([member, startTime]) => !pidExists(member, startTime)) && !groupExists(pid, readRelevantStats);
  },

  release(child, known) {
    const pid = child.pid;
    if (pid === undefined) return;
    watchdog.forgetGroup(pid);
    if (!subreaper) return;
    // Zombies of orphans reparented to us: the ones this stop found (descendants of the
    // generation or carrying its tag), and members of the generation's group that exited on
    // their own. Never a pid libuv spawned (it leads its own group and is in neither set):
    // reaping it would lose its exit event.
    for (const stat of ourZombies()) {
      if (stat.pid === pid) continue;
      const inGroup = stat.pgrp === pid && stat.pid !== stat.pgrp;
      if (inGroup || known.get(stat.pid) === stat.startTime) reapChild(stat.pid);
    }
  },
};
