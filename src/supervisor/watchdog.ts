/**
 * The watchdog: a small process that outlives systemfd by design. It reads lines from a pipe
 * whose other end only systemfd holds (`group <pgid>`, `forget <pgid>`); when the pipe ends,
 * systemfd is gone, and everything systemfd started must go too: the process groups it was
 * told about and, where /proc exists, every process whose start environment carries this
 * session's generation tag (daemons that left the group with setsid).
 *
 * After a clean exit systemfd has already stopped its trees, so the sweep finds nothing. The
 * kill is SIGKILL at once: there is nobody left to report a graceful stop to, and a tree that
 * survives its supervisor holds the port against the next run.
 */
import { belongsToSession, GENERATION_VAR } from './generation-tag.js';
import { isLive, readAllProcStats, readStartEnv } from './process-tree.js';

const SWEEP_ROUNDS = 20;
const SWEEP_INTERVAL_MS = 50;

const sessionId = process.argv[2] ?? '';
const groups = new Set<number>();

function kill(target: number): boolean {
  try {
    process.kill(target, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** One pass; true when it found something to kill. */
function sweepOnce(): boolean {
  const stats = readAllProcStats();
  let found = false;
  if (stats === null) {
    // No /proc: the groups are all we know of.
    for (const pgid of groups) found = kill(-pgid) || found;
    return found;
  }
  const live = stats.filter(isLive);
  const liveGroups = new Set(live.map((s) => s.pgrp));
  for (const pgid of groups) if (liveGroups.has(pgid)) found = kill(-pgid) || found;
  for (const stat of live) {
    if (stat.pid !== process.pid && belongsToSession(readStartEnv(stat.pid, GENERATION_VAR), sessionId)) found = kill(stat.pid) || found;
  }
  return found;
}

function sweep(round = 0): void {
  if (sweepOnce() && round < SWEEP_ROUNDS) setTimeout(() => sweep(round + 1), SWEEP_INTERVAL_MS);
  else process.exit(0);
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const [verb, value] = line.split(' ');
    const pgid = Number(value);
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (verb === 'group') groups.add(pgid);
    else if (verb === 'forget') groups.delete(pgid);
  }
});
process.stdin.on('end', () => sweep());
process.stdin.on('error', () => sweep());
