// Stopping a proxied generation in watch mode: the drain that comes before the stop signal
// is part of the stop (bounded by --stop-timeout with it), and a second Ctrl-C does not wait
// for it: the tree is killed and systemfd exits at once.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { get } from '../helpers/http.js';
import { eventually, isAlive, startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const skip = process.platform === 'win32' ? 'signals to the CLI are POSIX-only here' : false;

// Prints its pid and its child's, answers / at once and never answers /hold. SIGTERM is left
// to Node's default (it dies at once) unless --ignore-sigterm: then only SIGKILL ends it.
const HOLDING_SERVER = `
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
if (process.argv.includes('--ignore-sigterm')) process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
createServer((req, res) => {
  if (req.url !== '/hold') res.end('ok');
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('serving ' + process.pid + ' ' + child.pid));
`;

/** Whether `signal` is still pending for `pid` (Linux's /proc; elsewhere taken as delivered). */
function signalPending(pid: number, signal: NodeJS.Signals): boolean {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return false;
  }
  const bit = 1n << BigInt(constants.signals[signal] - 1);
  return [...status.matchAll(/^(?:ShdPnd|SigPnd):\s*([0-9a-f]+)$/gm)].some(([, mask]) => (BigInt(`0x${mask}`) & bit) !== 0n);
}

async function holdingSession(t: TestContext, args: string[], { serverArgs = [] as string[], rc = null as object | null } = {}) {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'server.mjs'), HOLDING_SERVER);
  if (rc) writeFileSync(join(dir, '.systemfdrc'), JSON.stringify(rc));
  const run = startCli(['watch', '--no-stdin', '--proxy', '-s', 'http::0', ...args, '--', process.execPath, 'server.mjs', ...serverArgs], { cwd: dir });
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  const [, pid, child] = await run.waitFor(/serving (\d+) (\d+)/, { stream: 'stdout' });
  await eventually(async () => (await get(`http://127.0.0.1:${port}/`)).ok, { what: 'the proxied server' });
  // A client that keeps its side open whatever the server does (as a stuck keep-alive peer
  // might): its request keeps the generation's drain from ending on its own.
  const client = connect({ host: '127.0.0.1', port: Number(port), allowHalfOpen: true });
  t.after(() => client.destroy());
  client.on('error', () => {});
  await once(client, 'connect');
  client.write('GET /hold HTTP/1.1\r\nHost: x\r\n\r\n');
  return { dir, run, port: Number(port), pids: [Number(pid), Number(child)], client };
}

test('watch --proxy: a second SIGINT while the first one drains kills the tree and exits at once', { skip }, async (t) => {
  const { run, pids } = await holdingSession(t, ['--stop-timeout', '30s']);
  const systemfd = run.child.pid as number;
  process.kill(systemfd, 'SIGINT');
  // Two SIGINTs pending at once would be one: the second goes only once the first was taken.
  await eventually(() => !signalPending(systemfd, 'SIGINT'), { what: 'the first SIGINT delivered' });
  const secondAt = Date.now();
  process.kill(systemfd, 'SIGINT');
  const status = await run.exited;
  const tookMs = Date.now() - secondAt;
  assert.ok(tookMs < 3_000, `systemfd exited ${tookMs} ms after the second SIGINT (the drain may take 30 s)`);
  assert.equal(status.code, 0, run.stderr());
  for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} of the tree is gone`);
});

test('watch --proxy: the drain counts toward --stop-timeout, the whole stop is bounded by it', { skip }, async (t) => {
  // The request never finishes and the server ignores SIGTERM: the stop takes all it may.
  const { run, pids } = await holdingSession(t, ['--stop-timeout', '3s'], { serverArgs: ['--ignore-sigterm'] });
  const stoppedAt = Date.now();
  process.kill(run.child.pid as number, 'SIGINT');
  const status = await run.exited;
  const tookMs = Date.now() - stoppedAt;
  assert.equal(status.code, 0, run.stderr());
  // The drain and the grace after SIGTERM share the 3 s (not 3 s each, one after the other).
  assert.ok(tookMs < 4_500, `the stop took ${tookMs} ms with --stop-timeout 3s`);
  assert.match(run.stdout(), /ignoring SIGTERM/, 'the server still got the stop signal before SIGKILL');
  for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} of the tree is gone`);
});

test('watch --proxy: a stop timeout changed in .systemfdrc bounds the drain of the next generation', { skip }, async (t) => {
  const { dir, run, port, client } = await holdingSession(t, ['-v'], { rc: { stopTimeout: '60s' } });
  client.destroy();
  // The edit restarts: generation 2 runs with a 2 s stop timeout.
  writeFileSync(join(dir, '.systemfdrc'), JSON.stringify({ stopTimeout: '2s' }));
  await run.waitForCount(/serving \d+ \d+/, 2, { stream: 'stdout' });
  await eventually(async () => (await get(`http://127.0.0.1:${port}/`)).ok, { what: 'generation 2' });
  const held = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  t.after(() => held.destroy());
  held.on('error', () => {});
  await once(held, 'connect');
  held.write('GET /hold HTTP/1.1\r\nHost: x\r\n\r\n');
  // The held request is at the server once a later request through the proxy is answered.
  assert.equal((await get(`http://127.0.0.1:${port}/`)).ok, true);
  const stoppedAt = Date.now();
  process.kill(run.child.pid as number, 'SIGINT');
  const status = await run.exited;
  const tookMs = Date.now() - stoppedAt;
  assert.equal(status.code, 0, run.stderr());
  assert.ok(tookMs < 3_500, `the stop took ${tookMs} ms after the file set --stop-timeout to 2s (the drain was bound by the old 60 s)`);
});
