// `systemfd --proxy` end to end with Node servers that bind their own ports: what the command
// gets (PORT, SYSTEMFD_PORTS, no LISTEN_*), several sockets including a unix one, the drain on
// SIGTERM in one-shot mode, the udp error, and the EADDRINUSE hint without --proxy.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { eventually, runCli, startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

// Answers with its environment; listens on every port in SYSTEMFD_PORTS; a slow path for drains.
const ENV_SERVER = `
import { createServer } from 'node:http';
const ports = process.env.SYSTEMFD_PORTS.split(',').map(Number);
for (const port of ports) {
  createServer((req, res) => {
    const reply = () => res.end(JSON.stringify({ pid: process.pid, port, PORT: process.env.PORT, SYSTEMFD_PORTS: process.env.SYSTEMFD_PORTS, LISTEN_FDS: process.env.LISTEN_FDS ?? null, NODE_OPTIONS: process.env.NODE_OPTIONS ?? null }));
    if (req.url === '/slow') setTimeout(reply, 500); else reply();
  }).listen(port, '127.0.0.1');
}
process.on('SIGTERM', () => process.exit(0));
`;

function getUnix(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

test('one-shot --proxy: the command binds PORT / SYSTEMFD_PORTS (tcp and unix sockets), gets no LISTEN_* or preload', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'server.mjs'), ENV_SERVER);
  const run = startCli(['--proxy', '-s', 'http::0', '-s', 'unix::./app.sock', '--', process.execPath, 'server.mjs'], { cwd: dir });
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/~> socket http:\/\/127\.0\.0\.1:(\d+)\/ -> proxied to the command's \$PORT/);
  const [, privateHttp, privateUnix] = await run.waitFor(/~> proxying 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:(\d+), \.\/app\.sock -> 127\.0\.0\.1:(\d+)/);
  let reply = { ok: false, body: '' };
  await eventually(async () => (reply = await get(`http://127.0.0.1:${port}/`)).ok, { what: 'the proxied server' });
  const seen = JSON.parse(reply.body) as Record<string, unknown>;
  assert.equal(seen.PORT, privateHttp);
  assert.equal(seen.SYSTEMFD_PORTS, `${privateHttp},${privateUnix}`);
  assert.equal(seen.LISTEN_FDS, null);
  assert.equal(seen.NODE_OPTIONS, null);
  const viaUnix = JSON.parse(await getUnix(join(dir, 'app.sock'))) as Record<string, unknown>;
  assert.equal(viaUnix.port, Number(privateUnix));
});

test('one-shot --proxy: SIGTERM lets an in-flight request finish before the command is stopped', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'server.mjs'), ENV_SERVER);
  const run = startCli(['--proxy', '-s', 'http::0', '--', process.execPath, 'server.mjs'], { cwd: dir });
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  await eventually(async () => (await get(`http://127.0.0.1:${port}/`)).ok, { what: 'the proxied server' });
  const slow = get(`http://127.0.0.1:${port}/slow`);
  // The request is in flight once the server could have answered a fast one.
  await get(`http://127.0.0.1:${port}/`);
  run.kill('SIGTERM');
  const reply = await slow;
  assert.equal(reply.ok, true, JSON.stringify(reply));
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});

test('--proxy with a udp socket: one clear line, no stack, non-zero exit', async () => {
  const { code, stderr } = await runCli(['--proxy', '-s', 'http::0', '-s', 'udp::0', '--', process.execPath, '-e', '']);
  assert.notEqual(code, 0);
  assert.match(stderr, /--proxy cannot forward the udp socket 'udp::0'/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('one-shot --proxy with a command that does not exist: one error line and a prompt non-zero exit', async () => {
  // Killed after 20 s, it would exit by SIGTERM instead: the proxy's listeners must not keep systemfd alive.
  const { code, signal, stderr } = await runCli(['--proxy', '-s', 'http::0', '--', './no-such-command'], { timeout: 20_000 });
  assert.equal(signal, null, 'systemfd exited on its own');
  assert.notEqual(code, 0);
  assert.match(stderr, /error: failed to start '\.\/no-such-command': no such file \(ENOENT\)/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('without --proxy, a server that binds the held port itself fails early and gets the --proxy hint', async (t) => {
  const dir = makeTempDir(t);
  // What a server that cannot adopt a socket does: bind the same address anew.
  writeFileSync(join(dir, 'bind.mjs'), `
import { createServer } from 'node:net';
import { fstatSync } from 'node:fs';
fstatSync(3);
const port = Number(process.argv[2]);
createServer().listen(port, '127.0.0.1').on('error', (e) => { console.error(e.code); process.exit(1); });
`);
  const probe = startCli(['-s', 'http::0', '--no-node-preload', '--', process.execPath, '-e', 'setInterval(() => {}, 1000)'], { cwd: dir });
  t.after(() => probe.stop());
  const [, held] = await probe.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  await probe.stop();
  // The same port again, now with the binding server: systemfd holds it, the server cannot.
  const { code, stderr } = await runCli(['-s', `http::${held}`, '--no-node-preload', '--', process.execPath, 'bind.mjs', held as string], { cwd: dir });
  assert.equal(code, 1);
  assert.match(stderr, /EADDRINUSE/);
  assert.match(stderr, new RegExp(`~> if it failed with EADDRINUSE on 127\\.0\\.0\\.1:${held}, it binds the port itself .*: run it with --proxy`));
});

test('one-shot --proxy: SIGHUP goes to the command at once and the proxy keeps routing (only stop signals drain)', async (t) => {
  const dir = makeTempDir(t);
  // A server that reloads on SIGHUP and keeps serving, as nginx-like servers do.
  writeFileSync(join(dir, 'server.mjs'), `
import { createServer } from 'node:http';
let hups = 0;
process.on('SIGHUP', () => console.log('got SIGHUP ' + ++hups));
createServer((req, res) => res.end('hups=' + hups)).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`);
  const run = startCli(['--proxy', '-s', 'http::0', '--', process.execPath, 'server.mjs'], { cwd: dir });
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  await eventually(async () => (await get(`http://127.0.0.1:${port}/`)).ok, { what: 'the proxied server' });
  process.kill(run.child.pid as number, 'SIGHUP');
  await run.waitFor(/got SIGHUP 1/, { stream: 'stdout' });
  // A new client after the signal: answered by the same server, not held for a server that never comes.
  const reply = await get(`http://127.0.0.1:${port}/`, { timeout: 5_000 });
  assert.deepEqual({ ok: reply.ok, body: reply.body }, { ok: true, body: 'hups=1' }, JSON.stringify(reply));
  run.kill('SIGTERM');
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});
