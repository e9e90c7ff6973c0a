/**
 * Restarts clients cannot notice: the same 300 ms server under systemfd's replace mode, its
 * overlap mode, nodemon and `node --watch`, with the same load (fresh connections), the same
 * file writes. Per tool: failed requests, requests slower than 150 ms, the slowest request,
 * and write → first reply from the new generation. Then, for both systemfd modes, a change that
 * breaks the server (the server exits at start) for a while: what failed and who answered.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, wallMs } from './clock.js';
import { findFreePort } from './free-port.js';
import { nextGeneration, startLoad, type Load, type Reply } from './load.js';
import type { BenchOptions } from './options.js';
import { benchFixture, cliPath, nodemonPath } from './paths.js';
import { startProc, type Proc } from './process.js';
import { summarize, type Summary } from './stats.js';
import type { TargetCheck } from './targets.js';

export const GENERATION_TOOLS = ['replace', 'overlap', 'nodemon', 'node-watch'] as const;
export type GenerationTool = (typeof GENERATION_TOOLS)[number];

export const GENERATION_LABELS: Record<GenerationTool, string> = {
  replace: 'systemfd watch',
  overlap: 'systemfd watch --overlap',
  nodemon: 'nodemon',
  'node-watch': 'node --watch',
};

export interface GenerationRow {
  tool: GenerationTool;
  sent: number;
  failed: number;
  slow: number;
  maxMs: number;
  restarts: number;
  missed: number;
  /** write → first reply from a new pid. */
  newVersionMs: Summary;
  /**
   * The broken change (systemfd only), for requests sent while it lasted: failed, the slowest,
   * and how many generations answered them (1: the old server only).
   */
  broken: { sent: number; failed: number; maxMs: number; pids: number } | null;
  error?: string;
}

export interface GenerationsSection {
  serverStartMs: number;
  clients: number;
  slowThresholdMs: number;
  rows: GenerationRow[];
}

const SLOW_MS = 150;
const RESTART_TIMEOUT_MS = 15_000;
const BROKEN_MS = 2_000;
const BROKEN_APP = 'throw new Error("broken on purpose");\n';

function startGenerationTool(tool: GenerationTool, dir: string, port: number, serverArgs: string[], env: NodeJS.ProcessEnv, debounceMs: number): Proc {
  const options = { cwd: dir, env: { ...env, PORT: String(port) } };
  const script = join(dir, 'server.mjs');
  switch (tool) {
    case 'replace':
    case 'overlap':
      return startProc(process.execPath, [cliPath, 'watch', '-v', '-s', `http::${port}`, '-d', `${debounceMs}ms`, ...(tool === 'overlap' ? ['--overlap'] : []), '--', process.execPath, script, ...serverArgs], options);
    case 'nodemon':
      return startProc(process.execPath, [nodemonPath, '-V', '--signal', 'SIGTERM', '--ext', 'mjs,js,json,ts', script, ...serverArgs], options);
    case 'node-watch':
      return startProc(process.execPath, ['--watch', '--watch-preserve-output', script, ...serverArgs], options);
  }
}

async function runTool(tool: GenerationTool, options: BenchOptions, serverArgs: string[], env: NodeJS.ProcessEnv, clients: number): Promise<GenerationRow> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'systemfd-bench-gen-')));
  copyFileSync(benchFixture('server.mjs'), join(dir, 'server.mjs'));
  writeFileSync(join(dir, 'app.mjs'), 'export const rev = 0;\n');
  const port = await findFreePort();
  const proc = startGenerationTool(tool, dir, port, serverArgs, env, options.debounceMs);
  const load = startLoad(port, { clients, intervalMs: options.intervalMs, timeoutMs: options.requestTimeoutMs, maxRequests: 10_000_000, maxMs: 10 * 60_000 });
  const latencies: number[] = [];
  let failed = 0;
  let phase: 'warmup' | 'restarts' | 'broken' = 'warmup';
  const window = { from: Infinity, to: Infinity };
  const broken = { sent: 0, failed: 0, maxMs: 0, pids: new Set<number>() };
  load.onReply((reply) => {
    if (reply.sentAt >= window.from && reply.sentAt < window.to) {
      broken.sent++;
      broken.maxMs = Math.max(broken.maxMs, Math.round(reply.at - reply.sentAt));
      if (!reply.ok) broken.failed++;
      else if (reply.pid !== undefined) broken.pids.add(reply.pid);
      return;
    }
    if (phase !== 'restarts') return;
    latencies.push(reply.at - reply.sentAt);
    if (!reply.ok) failed++;
  });
  try {
    let pid = (await nextGeneration(load, -1, 0, 30_000))?.pid;
    if (pid === undefined) throw new Error('the server never answered');
    await sleep(options.settleMs);
    phase = 'restarts';
    const samples: number[] = [];
    let missed = 0;
    for (let i = 1; i <= options.restarts; i++) {
      const t0 = wallMs();
      const next = nextGeneration(load, pid, t0, RESTART_TIMEOUT_MS);
      writeFileSync(join(dir, 'app.mjs'), `export const rev = ${i};\n`);
      const reply = await next;
      if (reply?.pid !== undefined) {
        samples.push(reply.at - t0);
        pid = reply.pid;
      } else missed++;
      await sleep(options.settleMs + Math.random() * 100);
    }
    let brokenResult: GenerationRow['broken'] = null;
    if (tool === 'replace' || tool === 'overlap') {
      phase = 'broken';
      window.from = wallMs();
      writeFileSync(join(dir, 'app.mjs'), BROKEN_APP);
      await sleep(BROKEN_MS);
      window.to = wallMs();
      // Fixed again: requests that waited through the broken change are answered (or fail) now.
      const fixed = nextGeneration(load, pid, window.to, RESTART_TIMEOUT_MS);
      writeFileSync(join(dir, 'app.mjs'), `export const rev = ${options.restarts + 1};\n`);
      await fixed;
      await load.stop();
      brokenResult = { sent: broken.sent, failed: broken.failed, maxMs: broken.maxMs, pids: broken.pids.size };
    }
    const sent = latencies.length;
    return { tool, sent, failed, slow: latencies.filter((ms) => ms > SLOW_MS).length, maxMs: Math.round(Math.max(0, ...latencies)), restarts: samples.length, missed, newVersionMs: summarize(samples), broken: brokenResult };
  } catch (error) {
    return { tool, sent: 0, failed: 0, slow: 0, maxMs: 0, restarts: 0, missed: options.restarts, newVersionMs: summarize([]), broken: null, error: (error as Error).message };
  } finally {
    await load.stop();
    await proc.stop();
    killLeftovers(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SIGKILL servers of this run that outlived their tool (matched by their project directory). */
function killLeftovers(dir: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch { /* no /proc */ }
  for (const entry of entries.filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) process.kill(Number(entry), 'SIGKILL');
    } catch { /* gone */ }
  }
}

export async function runGenerationsSection(options: BenchOptions, env: NodeJS.ProcessEnv, progress: (message: string) => void): Promise<GenerationsSection> {
  const clients = 8;
  const serverArgs = [`--delay=${options.slowStartMs}`];
  const rows: GenerationRow[] = [];
  for (const tool of GENERATION_TOOLS) {
    progress(`${GENERATION_LABELS[tool]}: ${options.restarts} restarts, ${clients} clients, server start ${options.slowStartMs} ms`);
    rows.push(await runTool(tool, options, serverArgs, env, clients));
  }
  return { serverStartMs: options.slowStartMs, clients, slowThresholdMs: SLOW_MS, rows };
}

export function renderGenerations(section: GenerationsSection, restarts: number): string {
  const lines = [
    `#### Restarts clients cannot notice: server that takes ${section.serverStartMs} ms to start`,
    '',
    `${section.clients} clients, a new connection per request; ${restarts} restarts per tool, each triggered by a file write. "New version": write -> first reply from the new generation. "Broken change": then a change that makes the server throw at start, fixed ${BROKEN_MS / 1000} s later; the requests sent meanwhile.`,
    '',
    `| tool | requests | failed | over ${section.slowThresholdMs} ms | per restart | max latency | new version median | p90 | broken change: failed | slowest | answered by |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of section.rows) {
    const broken = row.broken
      ? [`${row.broken.failed} of ${row.broken.sent}`, `${row.broken.maxMs} ms`, row.broken.pids === 1 ? 'the old server only' : `${row.broken.pids} generations`]
      : ['', '', ''];
    const perRestart = row.restarts > 0 ? (row.slow / row.restarts).toFixed(1) : '';
    lines.push(`| ${GENERATION_LABELS[row.tool]} | ${row.sent.toLocaleString('en')} | ${row.failed} | ${row.slow} | ${perRestart} | ${row.maxMs} ms | ${row.newVersionMs.median ?? '-'} ms | ${row.newVersionMs.p90 ?? '-'} ms | ${broken.join(' | ')} |${row.error ? ` (${row.error})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The targets for overlap mode, measured against replace mode in the same run. */
export function generationTargets(section: GenerationsSection | null): TargetCheck[] {
  if (!section) return [];
  const overlap = section.rows.find((row) => row.tool === 'overlap');
  const replace = section.rows.find((row) => row.tool === 'replace');
  if (!overlap || overlap.error) return [{ target: 'overlap: restarts measured', figure: overlap?.error ?? 'not run', met: null }];
  const checks: TargetCheck[] = [
    { target: 'overlap: 0 failed requests', figure: `${overlap.failed} of ${overlap.sent}`, met: overlap.failed === 0 },
    { target: `overlap: at most 1 request over ${section.slowThresholdMs} ms per restart`, figure: `${overlap.slow} in ${overlap.restarts} restarts`, met: overlap.slow <= overlap.restarts },
  ];
  if (overlap.broken) {
    checks.push({ target: 'overlap, broken change: 0 failed, only the old version served', figure: `${overlap.broken.failed} of ${overlap.broken.sent} failed, ${overlap.broken.pids} generation(s) answered`, met: overlap.broken.failed === 0 && overlap.broken.pids === 1 });
  }
  const [a, b] = [overlap.newVersionMs.median, replace?.newVersionMs.median ?? null];
  // "No slower" within the noise of one run on a shared machine: 10 %.
  if (a !== null && b !== null) checks.push({ target: 'overlap: write -> new version no slower than replace (10 % noise)', figure: `${a} ms vs ${b} ms`, met: a <= b * 1.1 });
  return checks;
}
