/**
 * Restarts under load (instant and slow server). For each tool, the same server in a fresh
 * temp project; a steady load runs while `restarts` file writes trigger restarts. Restart
 * latency is file write -> first successful response from a new pid (seen by the load itself).
 * The bare cold start (`node server.mjs` -> first response) is the floor.
 */
import { copyFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, wallMs } from './clock.js';
import { findFreePort } from './free-port.js';
import { getOnce, nextGeneration, startLoad, type FailureKind, type Load, type Reply } from './load.js';
import type { BenchOptions } from './options.js';
import { benchFixture } from './paths.js';
import { startProc } from './process.js';
import { summarize, type Summary } from './stats.js';
import { startTool, type ToolName } from './tools.js';

export interface RestartRow {
  tool: ToolName | 'cold-start';
  sent: number | null;
  failed: number | null;
  failures: Partial<Record<FailureKind, number>>;
  restarts: number;
  /** Writes that produced no new pid within the timeout. */
  missed: number;
  latencyMs: Summary;
  error?: string;
}

export interface RestartSection {
  serverStartMs: number;
  rows: RestartRow[];
}

const RESTART_TIMEOUT_MS = 15_000;

function makeProject(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'systemfd-bench-')));
  copyFileSync(benchFixture('server.mjs'), join(dir, 'server.mjs'));
  writeFileSync(join(dir, 'app.mjs'), 'export const rev = 0;\n');
  return dir;
}

/** Polls until the port answers (used before the load starts and for the cold start). */
async function firstReply(port: number, { timeout = 20_000, intervalMs = 2 } = {}): Promise<Reply> {
  const deadline = wallMs() + timeout;
  for (;;) {
    const reply = await getOnce(port, 5_000);
    if (reply.ok) return reply;
    if (wallMs() > deadline) throw new Error(`no answer on port ${port} within ${timeout} ms (${reply.code})`);
    await sleep(intervalMs);
  }
}


/** SIGKILL servers of this run that outlived their tool (checked by command line: pids get reused). */
function killStray(pids: Iterable<number>, dir: string): void {
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) continue;
      process.kill(pid, 'SIGKILL');
    } catch { /* gone, as it should be */ }
  }
}

/**
 * The floor: `node server.mjs` started cold while the same load already knocks on the port, so
 * the first response is found exactly as in the restart runs (same clients, same pacing).
 */
async function coldStart(options: BenchOptions, serverArgs: string[], env: NodeJS.ProcessEnv): Promise<RestartRow> {
  const dir = makeProject();
  const samples: number[] = [];
  try {
    for (let i = 0; i < options.coldRuns; i++) {
      const port = await findFreePort();
      const load = startLoad(port, { ...loadOptions(options), maxMs: RESTART_TIMEOUT_MS });
      await sleep(50);
      const t0 = wallMs();
      const first = nextGeneration(load, -1, t0, RESTART_TIMEOUT_MS);
      const proc = startProc(process.execPath, [join(dir, 'server.mjs'), ...serverArgs], { cwd: dir, env: { ...env, PORT: String(port) } });
      try {
        const reply = await first;
        if (reply) samples.push(reply.at - t0);
      } finally {
        await load.stop();
        await proc.stop();
      }
      await sleep(100);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { tool: 'cold-start', sent: null, failed: null, failures: {}, restarts: samples.length, missed: options.coldRuns - samples.length, latencyMs: summarize(samples) };
}

const loadOptions = (options: BenchOptions) => ({
  clients: options.clients,
  intervalMs: options.intervalMs,
  timeoutMs: options.requestTimeoutMs,
  maxRequests: 1_000_000,
  maxMs: (options.restarts + 2) * (RESTART_TIMEOUT_MS + options.settleMs),
});

async function underLoad(tool: ToolName, options: BenchOptions, serverArgs: string[], env: NodeJS.ProcessEnv): Promise<RestartRow> {
  const dir = makeProject();
  const port = await findFreePort();
  const run = startTool({ tool, cwd: dir, port, script: join(dir, 'server.mjs'), scriptArgs: serverArgs, env, debounceMs: options.debounceMs });
  const pids = new Set<number>();
  let load: Load | null = null;
  try {
    let pid = (await firstReply(port, { intervalMs: 10 })).pid as number;
    pids.add(pid);
    if (run.readyLine) await run.proc.waitForLine(run.readyLine, { timeout: 30_000 });
    await sleep(300); // the same settling time for every tool after it says it is ready
    load = startLoad(port, loadOptions(options));
    load.onReply((reply) => { if (reply.pid) pids.add(reply.pid); });
    await sleep(options.settleMs);
    const samples: number[] = [];
    let missed = 0;
    for (let i = 1; i <= options.restarts; i++) {
      const t0 = wallMs();
      const next = nextGeneration(load, pid, t0, RESTART_TIMEOUT_MS);
      writeFileSync(join(dir, 'app.mjs'), `export const rev = ${i};\n`);
      const reply = await next;
      if (reply) {
        samples.push(reply.at - t0);
        pid = reply.pid as number;
      } else {
        missed++;
      }
      await sleep(options.settleMs + Math.random() * 100);
    }
    const result = await load.stop();
    load = null;
    return { tool, sent: result.sent, failed: result.failed, failures: result.failures, restarts: samples.length, missed, latencyMs: summarize(samples) };
  } catch (error) {
    return { tool, sent: null, failed: null, failures: {}, restarts: 0, missed: options.restarts, latencyMs: summarize([]), error: (error as Error).message.split('\n')[0] ?? String(error) };
  } finally {
    await load?.stop();
    await run.proc.stop();
    killStray(pids, dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runRestartSection(options: BenchOptions, serverStartMs: number, env: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<RestartSection> {
  const serverArgs = serverStartMs > 0 ? [`--delay=${serverStartMs}`] : [];
  const rows: RestartRow[] = [];
  progress(`cold start x${options.coldRuns} (server start ${serverStartMs} ms)`);
  rows.push(await coldStart(options, serverArgs, env));
  for (const tool of options.tools) {
    progress(`${tool}: ${options.restarts} restarts under load (server start ${serverStartMs} ms)`);
    rows.push(await underLoad(tool, options, serverArgs, env));
  }
  return { serverStartMs, rows };
}
