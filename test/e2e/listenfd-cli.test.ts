// The child library under the real CLI: every listenfd check, with the sockets and
// environment exactly as `systemfd -s ...` passes them.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import http from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { fixture } from '../helpers/paths.js';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { libraryUrl, stopCli } from './listenfd-harness.js';

const skip = process.platform === 'win32' ? 'POSIX hand-off (Windows has its own issue)' : false;
const env = { ...process.env, SYSTEMFD_TEST_LIB: libraryUrl };
const probe = fixture('listenfd-probe.mjs');

interface Step { step: string; value?: unknown; error?: { code: string; message: string } }

async function run(args: string[], steps: string[], options: { cwd?: string } = {}): Promise<Step[]> {
  const result = await runCli([...args, '--', process.execPath, probe, ...steps], { env, ...options });
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Step);
}

test('valid: LISTEN_PID is the command\'s pid; take once; LISTEN_PID and LISTEN_FDS are unset after', { skip }, async () => {
  const steps = await run(['-s', '0'], ['len', 'tcp:0', 'tcp:0', 'env']);
  assert.deepEqual(steps.map((s) => s.value), [1, { fd: 3 }, null, { LISTEN_FDNAMES: 'tcp', LISTEN_FDS_FIRST_FD: '3' }]);
});

test('pid mismatch: a shell in between keeps LISTEN_PID naming itself, so the server gets nothing', { skip }, async () => {
  const result = await runCli(['-s', '0', '--', '/bin/sh', '-c', `"${process.execPath}" "${probe}" len tcp:0; exit $?`], { env });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split('\n').map((line) => JSON.parse(line).value), [0, null]);
});

test('missing pid (--no-pid): accepted', { skip }, async () => {
  const steps = await run(['--no-pid', '-s', '0'], ['len', 'tcp:0']);
  assert.deepEqual(steps.map((s) => s.value), [1, { fd: 3 }]);
});

test('wrong type then right type: the failed take names the fd and leaves the socket takeable', { skip }, async () => {
  const [asTcp, asUdp] = await run(['-s', 'udp::0'], ['tcp:0', 'udp:0']);
  assert.deepEqual(asTcp?.error, { name: 'ListenFdError', code: 'ERR_LISTENFD_WRONG_TYPE', message: 'fd 3 is not a valid tcp socket', fd: 3 });
  assert.deepEqual(asUdp?.value, { fd: 3 });
});

test('names: take by the NAME= of -s, or by the socket type', { skip }, async () => {
  const steps = await run(['-s', 'web=http::0', '-s', 'tcp::0', '-s', 'udp::0'], ['names', 'tcp:tcp', 'udp:udp', 'tcp:web', 'tcp:web']);
  assert.deepEqual(steps.map((s) => s.value), [['web', 'tcp', 'udp'], { fd: 4 }, { fd: 5 }, { fd: 3 }, null]);
});

async function serving(args: string[], steps: string[], cwd?: string): Promise<{ cli: Running; ports: number[] }> {
  const cli = startCli([...args, '--', process.execPath, probe, ...steps], { env, ...(cwd ? { cwd } : {}) });
  await cli.waitFor(/"ready"/, { stream: 'stdout' });
  const ports = [...cli.stderr().matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  return { cli, ports };
}

test('two sockets: the library serves HTTP on both', { skip }, async (t) => {
  const { cli, ports } = await serving(['-s', 'http::0', '-s', 'http::0'], ['serve:0', 'serve:1']);
  t.after(() => stopCli(cli));
  assert.equal(ports.length, 2);
  const [first, second] = [await get(`http://127.0.0.1:${ports[0]}/`), await get(`http://127.0.0.1:${ports[1]}/`)];
  assert.match(first.body, /^\d+$/);
  assert.equal(second.body, first.body, 'one server process on both sockets');
});

test('udp: bind() receives datagrams on the passed socket', { skip }, async (t) => {
  const { cli, ports } = await serving(['-s', 'udp::0'], ['bind:0']);
  t.after(() => stopCli(cli));
  const client = dgram.createSocket('udp4');
  t.after(() => client.close());
  const reply = new Promise<string>((resolve) => client.once('message', (msg) => resolve(String(msg))));
  client.send('ping', ports[0] ?? 0, '127.0.0.1');
  assert.match(await reply, /^\d+:ping$/);
});

test('unix: refused as tcp, taken as unix, and served by listen()', { skip }, async (t) => {
  const dir = makeTempDir(t);
  const [asTcp, asUnix] = await run(['-s', 'unix::./app.sock'], ['tcp:0', 'unix:0'], { cwd: dir });
  assert.equal(asTcp?.error?.message, 'fd 3 is not a valid tcp socket');
  assert.deepEqual(asUnix?.value, { fd: 3 });
  const { cli } = await serving(['-s', 'unix::./app.sock'], ['serve:0'], dir);
  t.after(() => stopCli(cli));
  const body = await new Promise<string>((resolve, reject) => {
    http.get({ socketPath: join(dir, 'app.sock'), path: '/', agent: false }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d)).on('end', () => resolve(text));
    }).on('error', reject);
  });
  assert.match(body, /^\d+$/);
});
