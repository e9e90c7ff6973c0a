/**
 * The proxy benchmark (`npm run bench` runs it after the main one; alone: `node
 * dist/bench/proxy-bench.js`). Three parts, Markdown on stdout, progress on stderr, JSON in
 * bench/results/proxy-latest.json:
 *   1. overhead: keep-alive HTTP against a Node server directly and through `systemfd --proxy`
 *      (throughput with 8 connections; latency with 1);
 *   2. 1,000 connections opened while the server restarts (held, none refused);
 *   3. restarts under load with real Bun and Deno (and Node), systemfd watch vs nodemon running
 *      the same server: failed requests, requests slower than 150 ms.
 * Knobs: BENCH_PROXY_SECONDS (per overhead run, default 5), BENCH_PROXY_RESTARTS (default 10).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { sleep, wallMs } from './clock.js';
import { cleanEnv } from './clean-env.js';
import { findFreePort } from './free-port.js';
import { keepAliveLoad } from './keepalive-load.js';
import { startLoad, type Reply } from './load.js';
import { cliPath, defaultResultsDir, nodemonPath, repoRoot } from './paths.js';
import { startProc, type Proc } from './process.js';
import { maxOf, percentile, round1 } from './stats.js';
import { SETTINGS } from '../src/settings/table.js';

const seconds = Number(process.env.BENCH_PROXY_SECONDS ?? 5);
const restarts = Number(process.env.BENCH_PROXY_RESTARTS ?? 10);
const log = (message: string) => process.stderr.write(`proxy-bench ${message}\n`);
const env = cleanEnv();
const dir = mkdtempSync(join(tmpdir(), 'systemfd-proxy-bench-'));
const runtimePath = (name: 'bun' | 'deno') => join(repoRoot, '.runtimes', name, name);

// Every server answers with its pid and `Content-Length`, keeps connections alive, binds $PORT.
const SERVERS = {
  node: { file: 'node-server.mjs', argv: [process.execPath, 'node-server.mjs'], source: `import './app.mjs';\nimport { createServer } from 'node:http';\nconst delay = Number(process.env.BOOT_MS ?? 0);\nsetTimeout(() => createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT), '127.0.0.1'), delay);\n` },
  bun: { file: 'bun-server.ts', argv: [runtimePath('bun'), 'bun-server.ts'], source: `import './app.mjs';\nBun.serve({ port: Number(process.env.PORT), hostname: '127.0.0.1', fetch: () => new Response(String(process.pid)) });\n` },
  deno: { file: 'deno-server.ts', argv: [runtimePath('deno'), 'run', '--allow-net', '--allow-env', '--allow-read', 'deno-server.ts'], source: `import './app.mjs';\nDeno.serve({ port: Number(Deno.env.get('PORT')), hostname: '127.0.0.1', onListen() {} }, () => new Response(String(Deno.pid)));\n` },
} as const;
type ServerName = keyof typeof SERVERS;

writeFileSync(join(dir, 'app.mjs'), 'export const rev = 0;\n');
for (const server of Object.values(SERVERS)) writeFileSync(join(dir, server.file), server.source);

async function waitServing(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = wallMs() + timeoutMs;
  while (wallMs() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write('GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n'));
      socket.once('data', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(20);
  }
  throw new Error(`nothing served on ${port}`);
}

async function publicPort(proc: Proc): Promise<number> {
  const { match } = await proc.waitForLine(/~> socket http:\/\/127\.0\.0\.1:(\d+)\//);
  return Number(match[1]);
}

/** Part 1: direct vs proxied, keep-alive. */
async function overhead() {
  const measure = async (port: number) => {
    const throughput = await keepAliveLoad(port, { clients: 8, durationMs: seconds * 1000 });
    const latency = await keepAliveLoad(port, { clients: 1, durationMs: seconds * 1000 });
    return { rps: Math.round((throughput.requests / throughput.elapsedMs) * 1000), errors: throughput.errors + latency.errors, p50: percentile(latency.latenciesMs, 50) ?? NaN, p99: percentile(latency.latenciesMs, 99) ?? NaN };
  };
  const port = await findFreePort();
  const direct = startProc(process.execPath, ['node-server.mjs'], { cwd: dir, env: { ...env, PORT: String(port) } });
  await waitServing(port);
  log('overhead: direct');
  const directResult = await measure(port);
  await direct.stop();
  const proxied = startProc(process.execPath, [cliPath, '--proxy', '-s', 'http::0', '--', process.execPath, 'node-server.mjs'], { cwd: dir, env });
  const proxiedPort = await publicPort(proxied);
  await waitServing(proxiedPort);
  log('overhead: through the proxy');
  const proxiedResult = await measure(proxiedPort);
  await proxied.stop();
  return { direct: directResult, proxied: proxiedResult, ratio: round1((proxiedResult.rps / directResult.rps) * 100), addedP50Ms: proxiedResult.p50 - directResult.p50 };
}

/** Part 2: 1,000 connections opened right after a restart began; the next server boots in 300 ms. */
async function heldThroughRestart() {
  const proc = startProc(process.execPath, [cliPath, 'watch', '--proxy', '-s', 'http::0', '-w', 'app.mjs', '--', process.execPath, 'node-server.mjs'], { cwd: dir, env: { ...env, BOOT_MS: '300' } });
  const port = await publicPort(proc);
  await waitServing(port);
  const from = proc.lines.length;
  writeFileSync(join(dir, 'app.mjs'), `export const rev = ${Date.now()};\n`);
  await proc.waitForLine(/~> restart \(/, { from });
  const started = wallMs();
  const outcomes = await Promise.all(
    Array.from({ length: 1000 }, () =>
      new Promise<{ ok: boolean; code?: string; ms: number }>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port }, () => socket.write('GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n'));
        let data = '';
        socket.on('data', (d: Buffer) => (data += d.toString()));
        socket.once('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, code: e.code ?? 'error', ms: wallMs() - started }));
        socket.once('close', () => resolve({ ok: data.startsWith('HTTP/1.1 200'), ms: wallMs() - started }));
      }),
    ),
  );
  await proc.stop();
  const refused = outcomes.filter((o) => o.code === 'ECONNREFUSED').length;
  return { connections: 1000, ok: outcomes.filter((o) => o.ok).length, refused, failed: outcomes.filter((o) => !o.ok).length, maxMs: Math.round(maxOf(outcomes.map((o) => o.ms))) };
}

/** Part 3: one tool, one server, `restarts` restarts under a connection-per-request load. */
type Tool = 'systemfd' | 'systemfd --overlap' | 'nodemon';
async function restartsUnderLoad(tool: Tool, server: ServerName) {
  const spec = SERVERS[server];
  const port = await findFreePort();
  const flags = [...(server === 'node' ? ['--proxy'] : []), ...(tool === 'systemfd --overlap' ? ['--overlap'] : [])];
  const proc =
    tool !== 'nodemon'
      ? startProc(process.execPath, [cliPath, 'watch', ...flags, '-s', `http::${port}`, '-w', 'app.mjs', '--', ...spec.argv], { cwd: dir, env })
      : startProc(process.execPath, [nodemonPath, '--watch', 'app.mjs', '--signal', 'SIGTERM', '--exec', spec.argv.map((a) => JSON.stringify(a)).join(' ')], { cwd: dir, env: { ...env, PORT: String(port) } });
  await waitServing(port);
  const replies: Reply[] = [];
  const load = startLoad(port, { clients: 8, intervalMs: 5, timeoutMs: 10_000, maxRequests: 1_000_000, maxMs: 600_000 });
  load.onReply((reply) => replies.push(reply));
  let lastPid = 0;
  load.onReply((reply) => reply.ok && (lastPid = reply.pid ?? 0));
  await sleep(300);
  for (let i = 0; i < restarts; i++) {
    const before = lastPid;
    writeFileSync(join(dir, 'app.mjs'), `export const rev = ${Date.now()};\n`);
    const deadline = wallMs() + 30_000;
    while (lastPid === before && wallMs() < deadline) await sleep(10);
    await sleep(300);
  }
  const result = await load.stop();
  await proc.stop();
  return { tool, server, requests: result.sent, failed: result.failed, failures: result.failures, slow: replies.filter((r) => r.ok && r.at - r.sentAt > 150).length, maxMs: Math.round(maxOf(replies.map((r) => r.at - r.sentAt))) };
}

const results: Record<string, unknown> = { date: new Date().toISOString(), seconds, restarts };
try {
  const o = await overhead();
  results.overhead = o;
  const h = await heldThroughRestart();
  results.held = h;
  const rows = [];
  for (const server of ['node', 'bun', 'deno'] as const) {
    if (server !== 'node' && !existsSync(runtimePath(server))) {
      log(`${server}: not in .runtimes/ (scripts/setup-runtimes.sh), skipped`);
      continue;
    }
    // --overlap only where the generations supervisor is built (it is a declared, inert flag before).
    const tools: Tool[] = (SETTINGS.overlap as { coming?: boolean }).coming ? ['systemfd', 'nodemon'] : ['systemfd', 'systemfd --overlap', 'nodemon'];
    for (const tool of tools) {
      log(`restarts: ${tool} + ${server}`);
      rows.push(await restartsUnderLoad(tool, server));
    }
  }
  results.restarts = rows;
  const md = [
    '| keep-alive, loopback | direct | through the proxy |',
    '|---|---|---|',
    `| throughput, 8 connections | ${o.direct.rps} req/s | ${o.proxied.rps} req/s (${o.ratio}%) |`,
    `| latency p50 / p99, 1 connection | ${o.direct.p50.toFixed(3)} / ${o.direct.p99.toFixed(2)} ms | ${o.proxied.p50.toFixed(3)} / ${o.proxied.p99.toFixed(2)} ms (p50 +${o.addedP50Ms.toFixed(3)} ms) |`,
    '',
    `1,000 connections opened during a restart (next server boots in 300 ms): ${h.ok} served, ${h.refused} refused, ${h.failed} failed, last answered after ${h.maxMs} ms.`,
    '',
    `| ${restarts} restarts, 8 clients, one connection per request | requests | failed | > 150 ms | max |`,
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.tool} + ${r.server} | ${r.requests} | ${r.failed}${r.failed ? ` (${Object.entries(r.failures).map(([k, v]) => `${v} ${k}`).join(', ')})` : ''} | ${r.slow} | ${r.maxMs} ms |`),
  ].join('\n');
  process.stdout.write(`${md}\n`);
  mkdirSync(defaultResultsDir, { recursive: true });
  writeFileSync(join(defaultResultsDir, 'proxy-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(defaultResultsDir, 'proxy-latest.md'), `${md}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
