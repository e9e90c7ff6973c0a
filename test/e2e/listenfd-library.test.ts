// The child library's listenfd checks, against real passed fds: a small holder creates
// the sockets the way systemfd does and starts the probe with them at fds 3.. (the CLI-driven
// variants are in listenfd-cli.test.ts; this file also covers states the CLI never produces).
import assert from 'node:assert/strict';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import dgram from 'node:dgram';
import { join } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { fixture } from '../helpers/paths.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { holdInet, holdUnix, release, startWithFds, type Held, type SpawnWithFdsOptions } from './listenfd-harness.js';

const skip = process.platform === 'win32' ? 'POSIX fd hand-off' : false;

interface Step { step: string; value?: unknown; error?: { name: string; code: string; message: string; fd?: number } }

async function probe(held: readonly Held[], steps: string[], options: SpawnWithFdsOptions = {}): Promise<Step[]> {
  const run = startWithFds([process.execPath, fixture('listenfd-probe.mjs'), ...steps], held.map((h) => h.fd), options);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  return run.stdout().trim().split('\n').map((line) => JSON.parse(line) as Step);
}

function holding(t: { after: (fn: () => void) => void }, ...held: Held[]): Held[] {
  t.after(() => held.forEach(release));
  return held;
}

test('LISTEN_PID is our pid: the socket is taken once, and LISTEN_PID/LISTEN_FDS are unset', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp'));
  const steps = await probe(held, ['len', 'tcp:0', 'tcp:0', 'env']);
  assert.deepEqual(steps.map((s) => s.value), [1, { fd: 3 }, null, { LISTEN_FDS_FIRST_FD: '3' }]);
});

test('LISTEN_PID of another process: no sockets (and the variables are still unset)', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp'));
  const steps = await probe(held, ['len', 'tcp:0', 'env'], { pid: '1' });
  assert.deepEqual(steps.map((s) => s.value), [0, null, { LISTEN_FDS_FIRST_FD: '3' }]);
});

test('LISTEN_PID missing or empty is accepted (an intermediary such as npm ran the server)', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp'));
  assert.deepEqual((await probe(held, ['tcp:0'], { pid: 'none' })).map((s) => s.value), [{ fd: 3 }]);
  assert.deepEqual((await probe(held, ['tcp:0'], { pid: '' })).map((s) => s.value), [{ fd: 3 }]);
});

test('LISTEN_FDS that is not a number: no sockets, environment untouched', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp'));
  const steps = await probe(held, ['len', 'env'], { pid: 'none', extraEnv: { LISTEN_FDS: 'abc' } });
  assert.deepEqual(steps.map((s) => s.value), [0, { LISTEN_FDS: 'abc', LISTEN_FDS_FIRST_FD: '3' }]);
});

test('a wrong-type take throws naming the fd and leaves the socket takeable', { skip }, async (t) => {
  const held = holding(t, holdInet('udp'));
  const [asTcp, asUnix, asUdp, again] = await probe(held, ['tcp:0', 'unix:0', 'udp:0', 'udp:0']);
  assert.deepEqual(asTcp?.error, { name: 'ListenFdError', code: 'ERR_LISTENFD_WRONG_TYPE', message: 'fd 3 is not a valid tcp socket', fd: 3 });
  assert.equal(asUnix?.error?.message, 'fd 3 is not a valid unix stream socket');
  assert.deepEqual(asUdp?.value, { fd: 3 });
  assert.equal(again?.value, null, 'taken once');
});

test('a tcp socket that does not listen is refused with its own message', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp', { listening: false }));
  const [step] = await probe(held, ['tcp:0']);
  assert.deepEqual(step?.error, { name: 'ListenFdError', code: 'ERR_LISTENFD_NOT_LISTENING', message: 'fd 3 is not a listening tcp socket', fd: 3 });
});

test('an fd that is not a socket: "fd 3 is not a socket"; raw take still works', { skip }, async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'file'), 'x');
  const fd = openSync(join(dir, 'file'), 'r');
  t.after(() => closeSync(fd));
  const [asTcp, raw] = await probe([{ fd, port: 0 }], ['tcp:0', 'raw:0']);
  assert.deepEqual(asTcp?.error, { name: 'ListenFdError', code: 'ERR_LISTENFD_NOT_A_SOCKET', message: 'fd 3 is not a socket', fd: 3 });
  assert.equal(raw?.value, 3);
});

test('take by LISTEN_FDNAMES name; names and positions', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp'), holdInet('tcp'));
  const steps = await probe(held, ['names', 'tcp:api', 'tcp:api', 'tcp:nope', 'tcp:9', 'tcp:web'], { names: ['web', 'api'] });
  assert.deepEqual(steps.map((s) => s.value), [['web', 'api'], { fd: 4 }, null, null, null, { fd: 3 }]);
});

test('two sockets: listen() serves HTTP on each inherited socket', { skip }, async (t) => {
  const held = holding(t, holdInet('tcp'), holdInet('tcp'));
  const run = startWithFds([process.execPath, fixture('listenfd-probe.mjs'), 'serve:0', 'serve:1'], held.map((h) => h.fd));
  t.after(() => run.kill());
  await run.waitFor(/"ready"/, { stream: 'stdout' });
  const pid = String(run.child.pid);
  for (const { port } of held) {
    const reply = await get(`http://127.0.0.1:${port}/`);
    assert.equal(reply.body, pid);
  }
  assert.match(run.stdout(), /"serve:0","value":\{"inherited":true,"fd":3/);
  assert.match(run.stdout(), /"serve:1","value":\{"inherited":true,"fd":4/);
});

test('without sockets, listen() falls back to the given port', async (t) => {
  const run = startWithFds([process.execPath, fixture('listenfd-probe.mjs'), 'serve:0'], [], { pid: 'none', extraEnv: { LISTEN_FDS: '', FALLBACK_PORT: '0' } });
  t.after(() => run.kill());
  const [line] = await run.waitFor(/\{"step":"serve:0".*\}/, { stream: 'stdout' });
  const { value } = JSON.parse(line) as { value: { inherited: boolean; port: number } };
  assert.equal(value.inherited, false);
  assert.ok(value.port > 0);
  assert.equal((await get(`http://127.0.0.1:${value.port}/`)).body, String(run.child.pid));
});

test('udp: bind() on the inherited socket receives datagrams', { skip }, async (t) => {
  const held = holding(t, holdInet('udp'));
  const run = startWithFds([process.execPath, fixture('listenfd-probe.mjs'), 'bind:0'], held.map((h) => h.fd));
  t.after(() => run.kill());
  await run.waitFor(/"ready"/, { stream: 'stdout' });
  const client = dgram.createSocket('udp4');
  t.after(() => client.close());
  const reply = new Promise<string>((resolve) => client.once('message', (msg) => resolve(String(msg))));
  client.send('ping', held[0]?.port ?? 0, '127.0.0.1');
  assert.equal(await reply, `${run.child.pid}:ping`);
});

test('unix: takeUnixListener accepts a unix listener and refuses it as tcp; listen() serves on it', { skip }, async (t) => {
  const dir = makeTempDir(t);
  const path = join(dir, 'app.sock');
  const held = holding(t, holdUnix(path));
  const [asTcp, asUnix] = await probe(held, ['tcp:0', 'unix:0']);
  assert.equal(asTcp?.error?.message, 'fd 3 is not a valid tcp socket');
  assert.deepEqual(asUnix?.value, { fd: 3 });
  const run = startWithFds([process.execPath, fixture('listenfd-probe.mjs'), 'serve:0'], held.map((h) => h.fd));
  t.after(() => run.kill());
  await run.waitFor(/"ready"/, { stream: 'stdout' });
  const reply = await new Promise<string>((resolve, reject) => {
    import('node:http').then(({ get: httpGet }) => httpGet({ socketPath: path, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve(body));
    }).on('error', reject));
  });
  assert.equal(reply, String(run.child.pid));
});
