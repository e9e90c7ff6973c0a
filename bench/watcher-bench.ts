/**
 * Section 4, the watcher figures on a large tree: each watching tool started at the root of the
 * generated tree. Time to ready (spawn -> the tool's "watching" line), RSS of the tool's own
 * process (right after the idle window, and settled), idle CPU over `idleMs`, inotify watches
 * held, then a burst of `burstFiles` writes: restarts triggered and time from the burst's last
 * write to the last restart.
 * `node --watch` only watches the modules its entry point loaded: not comparable, not run.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, wallMs } from './clock.js';
import type { BenchOptions } from './options.js';
import { benchFixture, cliPath, nodemonPath } from './paths.js';
import { countInotifyWatches, readCpuMs, readRssMb } from './proc-stats.js';
import { startProc, type Proc } from './process.js';
import { generateTree, pickBurst, type Tree } from './tree.js';
import type { ToolName } from './tools.js';

export interface WatcherRow {
  tool: ToolName;
  readyMs: number | null;
  /** VmRSS at the end of the idle window, while V8 still holds the heap its start-up grew. */
  startRssMb: number | null;
  /** VmRSS `SETTLED_AFTER_MS` after ready: what the long-lived process holds. */
  rssMb: number | null;
  peakRssMb: number | null;
  idleCpuPct: number | null;
  inotifyWatches: number | null;
  /** How long the harness took to write the burst (the tool competes for the CPU meanwhile). */
  burstWriteMs: number | null;
  burstRestarts: number | null;
  /** Burst's last write -> the last restart line. */
  settleMs: number | null;
  error?: string;
}

export interface WatcherSection {
  watchedFiles: number;
  watchedDirs: number;
  ignoredFiles: number;
  generateMs: number;
  burstFiles: number;
  rows: WatcherRow[];
}

function startWatcherTool(tool: ToolName, cwd: string, env: NodeJS.ProcessEnv, debounceMs: number): { proc: Proc; readyLine: RegExp; restartLine: RegExp } | null {
  const child = benchFixture('idle-child.mjs');
  if (tool === 'systemfd') {
    return {
      proc: startProc(process.execPath, [cliPath, 'watch', '-v', '-s', '0', '-d', `${debounceMs}ms`, '--', process.execPath, child], { cwd, env }),
      readyLine: /~> watching /,
      restartLine: /~> (?:re)?start \((?!first run\))/,
    };
  }
  if (tool === 'nodemon') {
    return {
      proc: startProc(process.execPath, [nodemonPath, '-V', '--signal', 'SIGTERM', '--ext', 'ts,js,json', child], { cwd, env }),
      readyLine: /watching \d+ files?/,
      // Counted per spawn: nodemon logs `restarting due to changes` per event batch as well.
      restartLine: /starting `/,
    };
  }
  return null;
}

/**
 * V8 keeps the young generation a start-up grew (a few MB) until its memory reducer runs: at
 * the earliest 8 s after start, then every 8 s until it finds the process idle. Measured here,
 * that is 8 to 24 s after ready; the settled figure is taken after that, before the burst.
 */
export const SETTLED_AFTER_MS = 30_000;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function measureTool(tool: ToolName, tree: Tree, burst: string[], options: BenchOptions, env: NodeJS.ProcessEnv): Promise<WatcherRow | null> {
  const t0 = wallMs();
  const started = startWatcherTool(tool, tree.root, env, options.debounceMs);
  if (!started) return null;
  const { proc, readyLine, restartLine } = started;
  const row: WatcherRow = { tool, readyMs: null, startRssMb: null, rssMb: null, peakRssMb: null, idleCpuPct: null, inotifyWatches: null, burstWriteMs: null, burstRestarts: null, settleMs: null };
  try {
    const ready = await proc.waitForLine(readyLine, { timeout: 120_000 });
    row.readyMs = Math.round(ready.line.at - t0);
    await sleep(Math.min(1_000, options.idleMs)); // let the child's start and any post-ready work pass
    row.inotifyWatches = countInotifyWatches(proc.pid);
    const cpu0 = readCpuMs(proc.pid);
    const w0 = wallMs();
    await sleep(options.idleMs);
    const cpu1 = readCpuMs(proc.pid);
    if (cpu0 !== null && cpu1 !== null) row.idleCpuPct = round(((cpu1 - cpu0) / (wallMs() - w0)) * 100, 2);
    row.startRssMb = readRssMb(proc.pid);
    await sleep(Math.max(0, ready.line.at + SETTLED_AFTER_MS - wallMs()));
    row.rssMb = readRssMb(proc.pid);
    row.peakRssMb = readRssMb(proc.pid, 'VmHWM');

    const mark = proc.lines.length;
    const b0 = wallMs();
    burst.forEach((file, i) => writeFileSync(file, `export const burst${i} = ${Date.now()};\n`));
    const b1 = wallMs();
    row.burstWriteMs = Math.round(b1 - b0);
    let restarts = 0;
    let last: number | null = null;
    let from = mark;
    for (;;) {
      const next = await proc.waitForLine(restartLine, { timeout: restarts === 0 ? 30_000 : options.quietMs, from }).catch(() => null);
      if (!next) break;
      restarts++;
      last = next.line.at;
      from = next.index + 1;
    }
    row.burstRestarts = restarts;
    row.settleMs = last === null ? null : Math.round(last - b1);
    // VmHWM is synced lazily by the kernel: never report a peak below an RSS we saw.
    row.peakRssMb = Math.max(readRssMb(proc.pid, 'VmHWM') ?? 0, row.startRssMb ?? 0, row.rssMb ?? 0) || null;
  } catch (error) {
    row.error = (error as Error).message.split('\n')[0] ?? String(error);
  } finally {
    await proc.stop();
  }
  return row;
}

export async function runWatcherSection(options: BenchOptions, env: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<WatcherSection> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'systemfd-bench-tree-')));
  try {
    const g0 = wallMs();
    const tree = generateTree(root, options.treeScale);
    const generateMs = Math.round(wallMs() - g0);
    progress(`generated ${tree.watchedFiles.length} + ${tree.ignoredFiles} (node_modules) files in ${generateMs} ms`);
    const burst = pickBurst(tree, options.burstFiles);
    const rows: WatcherRow[] = [];
    for (const tool of options.tools) {
      if (tool === 'node-watch') continue;
      progress(`${tool}: watcher on the tree (idle ${options.idleMs} ms, burst of ${burst.length})`);
      const row = await measureTool(tool, tree, burst, options, env);
      if (row) rows.push(row);
    }
    return {
      watchedFiles: tree.watchedFiles.length,
      watchedDirs: tree.watchedDirs,
      ignoredFiles: tree.ignoredFiles,
      generateMs,
      burstFiles: burst.length,
      rows,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
