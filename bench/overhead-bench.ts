/**
 * What systemfd itself costs.
 * - Start-up: `systemfd --version` and one-shot `systemfd -s 0 -- node -e 0` against
 *   `node -e 0` (spawn -> exit, runs interleaved so drift hits all alike, medians compared);
 *   the one-shot also with --no-node-preload, to separate the preload's share in the child
 *   from the CLI's own start.
 * - File write -> new child's spawn: the child is `sh -c 'date; exec sleep'`, which prints a
 *   wall-clock timestamp as its very first act (a few ms of sh + date, no Node start in it).
 *   For systemfd the `~> restart ... started pid` line's arrival is reported too.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOP_WINDOW_MS } from '../src/watch/loop-detector.js';
import { sleep, wallMs } from './clock.js';
import type { BenchOptions } from './options.js';
import { benchFixture, cliPath, nodemonPath } from './paths.js';
import { startProc, type Proc } from './process.js';
import { median, summarize, type Summary } from './stats.js';
import type { ToolName } from './tools.js';

export interface OverheadSection {
  nodeMs: Summary;
  versionMs: Summary;
  /** bench/fixtures/one-shot-floor.mjs: koffi + one socket + sh exec, no CLI at all. */
  floorMs: Summary;
  ratioFloor: number | null;
  systemfdMs: Summary;
  systemfdNoPreloadMs: Summary;
  /** median(systemfd --version) / median(node). */
  ratioVersion: number | null;
  /** median(systemfd) / median(node). */
  ratio: number | null;
  ratioNoPreload: number | null;
  debounceMs: number;
  writeToSpawn: WriteToSpawnRow[];
}

export interface WriteToSpawnRow {
  tool: ToolName;
  /** Write -> the child's own first-line timestamp. */
  childMs: Summary;
  /** Write -> the tool's "restarted" line reaching the harness (systemfd: after spawn returned). */
  lineMs: Summary;
  /** systemfd only: write -> the `-v` line reporting the change (the watcher's share). */
  changeSeenMs: Summary | null;
  missed: number;
  error?: string;
}

async function timeRun(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  const t0 = wallMs();
  const proc = startProc(command, args, { env, cwd });
  const { code } = await proc.exited;
  const elapsed = wallMs() - t0;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${proc.lines.map((l) => l.text).join('\n')}`);
  return elapsed;
}

const CHILD_SCRIPT = 'date +%s.%N; exec sleep 100000';
const TIMESTAMP = /^(\d{9,}\.\d+)$/;

function startWriteToSpawnTool(tool: ToolName, dir: string, env: NodeJS.ProcessEnv, debounceMs: number): { proc: Proc; restartLine: RegExp; changeLine: RegExp | null } | null {
  if (tool === 'systemfd') {
    return {
      // -v: `~> change touch.txt` shows when the watcher reported the write.
      proc: startProc(process.execPath, [cliPath, 'watch', '-v', '-s', '0', '-d', `${debounceMs}ms`, '--', 'sh', '-c', CHILD_SCRIPT], { cwd: dir, env }),
      // The spawn itself (-v): the restart line waits for readiness, which `sh` never signals.
      restartLine: /~> starting pid \d+ \((?!first run\))/,
      changeLine: /~> change touch\.txt/,
    };
  }
  if (tool === 'nodemon') {
    return {
      proc: startProc(process.execPath, [nodemonPath, '-V', '--signal', 'SIGTERM', '--ext', 'txt', '--exec', CHILD_SCRIPT], { cwd: dir, env }),
      restartLine: /starting `/,
      changeLine: null,
    };
  }
  return null; // `node --watch` runs node scripts only: no sh child to time.
}

async function measureWriteToSpawn(tool: ToolName, options: BenchOptions, env: NodeJS.ProcessEnv): Promise<WriteToSpawnRow | null> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'systemfd-bench-spawn-')));
  writeFileSync(join(dir, 'touch.txt'), '0\n');
  const started = startWriteToSpawnTool(tool, dir, env, options.debounceMs);
  if (!started) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const { proc, restartLine, changeLine } = started;
  const childMs: number[] = [];
  const lineMs: number[] = [];
  const changeMs: number[] = [];
  let missed = 0;
  try {
    let from = (await proc.waitForLine(TIMESTAMP, { timeout: 30_000 })).index + 1;
    await sleep(500); // watcher ready (nodemon prints nothing for it here; same wait for both)
    for (let i = 1; i <= options.spawnRuns; i++) {
      const mark = proc.lines.length;
      const t0 = wallMs();
      writeFileSync(join(dir, 'touch.txt'), `${i}\n`);
      try {
        const child = await proc.waitForLine(TIMESTAMP, { timeout: 10_000, from });
        from = child.index + 1;
        childMs.push(Number(child.match[1]) * 1000 - t0);
        const line = await proc.waitForLine(restartLine, { timeout: 1_000, from: mark }).catch(() => null);
        if (line && line.line.at >= t0) lineMs.push(line.line.at - t0);
        const change = changeLine ? await proc.waitForLine(changeLine, { timeout: 1_000, from: mark }).catch(() => null) : null;
        if (change && change.line.at >= t0) changeMs.push(change.line.at - t0);
      } catch {
        missed++;
        from = proc.lines.length;
      }
      // Each write lands after the loop detector's window following the last start: a write
      // inside it, after every start, is what a command rewriting its own files looks like, and
      // from the third one on it would (rightly) not restart. The jitter keeps writes from
      // locking onto any periodic timer.
      await sleep(LOOP_WINDOW_MS + options.debounceMs + 100 + Math.random() * 100);
    }
    return { tool, childMs: summarize(childMs), lineMs: summarize(lineMs), changeSeenMs: changeLine ? summarize(changeMs) : null, missed };
  } catch (error) {
    return { tool, childMs: summarize(childMs), lineMs: summarize(lineMs), changeSeenMs: null, missed: options.spawnRuns, error: (error as Error).message.split('\n')[0] ?? String(error) };
  } finally {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runOverheadSection(options: BenchOptions, env: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<OverheadSection> {
  const cwd = tmpdir();
  const node: number[] = [];
  const version: number[] = [];
  const floor: number[] = [];
  const systemfd: number[] = [];
  const noPreload: number[] = [];
  progress(`CLI overhead: ${options.overheadRuns} runs each`);
  // One unmeasured round: the first start reads everything from disk.
  await timeRun(process.execPath, ['-e', '0'], env, cwd);
  await timeRun(process.execPath, [cliPath, '-q', '-s', '0', '--', process.execPath, '-e', '0'], env, cwd);
  for (let i = 0; i < options.overheadRuns; i++) {
    node.push(await timeRun(process.execPath, ['-e', '0'], env, cwd));
    version.push(await timeRun(process.execPath, [cliPath, '--version'], env, cwd));
    floor.push(await timeRun(process.execPath, [benchFixture('one-shot-floor.mjs'), process.execPath, '-e', '0'], env, cwd));
    systemfd.push(await timeRun(process.execPath, [cliPath, '-q', '-s', '0', '--', process.execPath, '-e', '0'], env, cwd));
    noPreload.push(await timeRun(process.execPath, [cliPath, '-q', '--no-node-preload', '-s', '0', '--', process.execPath, '-e', '0'], env, cwd));
  }
  const ratio = (a: number[], b: number[]) => {
    const ma = median(a);
    const mb = median(b);
    return ma !== null && mb ? Math.round((ma / mb) * 100) / 100 : null;
  };
  const writeToSpawn: WriteToSpawnRow[] = [];
  for (const tool of options.tools) {
    progress(`${tool}: file write -> spawn x${options.spawnRuns}`);
    const row = await measureWriteToSpawn(tool, options, env);
    if (row) writeToSpawn.push(row);
  }
  return {
    nodeMs: summarize(node),
    versionMs: summarize(version),
    ratioVersion: ratio(version, node),
    floorMs: summarize(floor),
    ratioFloor: ratio(floor, node),
    systemfdMs: summarize(systemfd),
    systemfdNoPreloadMs: summarize(noPreload),
    ratio: ratio(systemfd, node),
    ratioNoPreload: ratio(noPreload, node),
    debounceMs: options.debounceMs,
    writeToSpawn,
  };
}
