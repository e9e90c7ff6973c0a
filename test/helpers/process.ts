/**
 * Step-wise interaction with a spawned process: collect its output as lines, wait for a line
 * matching a pattern (with a generous timeout, never a fixed sleep), and clean up the process
 * group the test started.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cliPath } from './paths.js';

export const DEFAULT_TIMEOUT = 30_000;

export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in the stream, waiting for more output. */
  waitFor: (pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeout?: number; from?: number }) => Promise<RegExpMatchArray>;
  /** Resolves once `pattern` (global) has matched `count` times in the stream. */
  waitForCount: (pattern: RegExp, count: number, options?: { stream?: 'stdout' | 'stderr'; timeout?: number }) => Promise<RegExpMatchArray[]>;
  /** Resolves when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signal the process group (the test's own processes only) if still running. */
  kill: (signal?: NodeJS.Signals) => void;
  /**
   * Cleanup for t.after: SIGTERM (systemfd then stops the command's own process group, which
   * a SIGKILL to our group would orphan), SIGKILL if it is still there after a while.
   */
  stop: () => Promise<void>;
}

export function start(command: string, args: readonly string[], options: SpawnOptions = {}): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((fn) => fn());
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { out += d; wake(); });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { err += d; wake(); });
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => { done = true; wake(); resolve({ code, signal }); });
    child.on('error', () => { done = true; wake(); resolve({ code: null, signal: null }); });
  });
  const waitFor: Running['waitFor'] = (pattern, { stream = 'stderr', timeout = DEFAULT_TIMEOUT, from = 0 } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const text = (stream === 'stdout' ? out : err).slice(from);
        const match = text.match(pattern);
        if (match) { cleanup(); resolve(match); return; }
        if (done) { cleanup(); reject(new Error(`process exited before ${pattern} appeared on ${stream}.\nstdout: ${out}\nstderr: ${err}`)); }
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${pattern} on ${stream}.\nstdout: ${out}\nstderr: ${err}`)); }, timeout);
      const cleanup = () => { clearTimeout(timer); waiters.delete(check); };
      waiters.add(check);
      check();
    });
  const waitForCount: Running['waitForCount'] = async (pattern, count, { stream = 'stderr', timeout = DEFAULT_TIMEOUT } = {}) => {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    const counted = new RegExp(`(?:[\\s\\S]*?${pattern.source}){${count}}`, pattern.flags.replace('g', ''));
    await waitFor(counted, { stream, timeout });
    return [...(stream === 'stdout' ? out : err).matchAll(global)].slice(0, count);
  };
  const kill = (signal: NodeJS.Signals = 'SIGKILL') => {
    if (done || child.pid === undefined) return;
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  const stop = async () => {
    if (done) return;
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, stdout: () => out, stderr: () => err, waitFor, waitForCount, exited, kill, stop };
}

/** Start the built CLI. The test must `after(() => run.kill())`. */
export function startCli(args: readonly string[], options: SpawnOptions = {}): Running {
  return start(process.execPath, [cliPath, ...args], options);
}

/** Run the built CLI to completion. */
export async function runCli(args: readonly string[], options: SpawnOptions & { timeout?: number } = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const run = startCli(args, options);
  const timer = setTimeout(() => run.kill(), options.timeout ?? DEFAULT_TIMEOUT);
  const result = await run.exited;
  clearTimeout(timer);
  return { ...result, stdout: run.stdout(), stderr: run.stderr() };
}

/** True while a process with this pid exists (zombies count as gone where detectable). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie still answers kill(0); /proc tells it apart on Linux.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return true;
  }
}

/** Poll a condition (for state the OS exposes without events, e.g. a pid vanishing). */
export async function eventually(check: () => boolean | Promise<boolean>, { timeout = DEFAULT_TIMEOUT, interval = 25, what = 'condition' } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
