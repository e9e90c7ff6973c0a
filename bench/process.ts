/**
 * A tool under test as a process: its output as timestamped lines, waiting for a line (with a
 * timeout, never a bare sleep), and a stop that asks nicely then kills its process group.
 * Every process is started detached (its own group) so the harness only ever kills what it
 * started.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { wallMs } from './clock.js';

export interface Line { at: number; stream: 'stdout' | 'stderr'; text: string }

export interface Proc {
  child: ChildProcess;
  pid: number;
  lines: Line[];
  /** First line (at index >= from) matching pattern; rejects on timeout or exit. */
  waitForLine: (pattern: RegExp, options?: { timeout?: number; from?: number }) => Promise<{ line: Line; match: RegExpMatchArray; index: number }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning: () => boolean;
  /** SIGTERM the process, then SIGKILL its group if it has not exited within `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
}

export function startProc(command: string, args: readonly string[], options: SpawnOptions = {}): Proc {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((fn) => fn());
  const collect = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: string) => {
      const at = wallMs();
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ at, stream, text });
      wake();
    };
  };
  child.stdout?.setEncoding('utf8').on('data', collect('stdout'));
  child.stderr?.setEncoding('utf8').on('data', collect('stderr'));
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => { done = true; wake(); resolve({ code, signal }); });
    child.on('error', () => { done = true; wake(); resolve({ code: null, signal: null }); });
  });
  const waitForLine: Proc['waitForLine'] = (pattern, { timeout = 30_000, from = 0 } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < lines.length; i++) {
          const line = lines[i] as Line;
          const match = line.text.match(pattern);
          if (match) { cleanup(); resolve({ line, match, index: i }); return; }
        }
        if (done) { cleanup(); reject(new Error(`${command} exited before ${pattern} appeared:\n${tail(lines)}`)); }
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${pattern}:\n${tail(lines)}`)); }, timeout);
      const cleanup = () => { clearTimeout(timer); waiters.delete(check); };
      waiters.add(check);
      check();
    });
  const killGroup = (signal: NodeJS.Signals) => {
    try { process.kill(-pid, signal); } catch { /* group already gone */ }
  };
  const stop: Proc['stop'] = async (graceMs = 5_000) => {
    if (!done) {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    // Anything left in the group (a child that outlived its tool) goes too.
    killGroup('SIGKILL');
  };
  return { child, pid, lines, waitForLine, exited, isRunning: () => !done, stop };
}

const tail = (lines: Line[]): string => lines.slice(-15).map((l) => `  ${l.stream}: ${l.text}`).join('\n');
