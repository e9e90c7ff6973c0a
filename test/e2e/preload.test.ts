// Zero-change mode: unmodified servers under the preload, with sockets passed the way
// systemfd passes them (a holder keeps them across generations and never accepts). The
// CLI-driven variants are in preload-cli.test.ts.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { fstatSync, existsSync } from 'node:fs';
import http from 'node:http';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { fixture } from '../helpers/paths.js';
import { eventually, type Running } from '../helpers/process.js';
import { holdInet, preloadOption, release, startWithFds, type Held, type SpawnWithFdsOptions } from './listenfd-harness.js';

const skip = process.platform === 'win32' ? 'POSIX fd hand-off' : false;

function preloadEnv(held: readonly Held[], kinds: string[] = held.map(() => 'http'), extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    NODE_OPTIONS: preloadOption,
    SYSTEMFD_FD_ADDRS: held.map((h, i) => `${kinds[i]}/127.0.0.1:${h.port}`).join(','),
  ...extra,
  };
}

function startServer(held: readonly Held[], argv: string[], env: NodeJS.ProcessEnv, options: SpawnWithFdsOptions = {}): Running {
  return startWithFds([process.execPath, ...argv], held.map((h) => h.fd), { ...options, extraEnv: env });
}

async function listening(run: Running): Promise<{ listening: { address: string; port: number }; pid: number; ino: number }> {
  const [line] = await run.waitFor(/\{"listening".*\}/, { stream: 'stdout' });
  return JSON.parse(line) as { listening: { address: string; port: number }; pid: number; ino: number };
}

const inode = (held: Held) => fstatSync(held.fd).ino;

test('app.listen(PORT) uses the inherited socket: same inode, truthful address, one info line', { skip }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['http'], { PORT: String(held.port) }));
  t.after(() => run.kill());
  const info = await listening(run);
  assert.equal(info.ino, inode(held), 'the very socket the holder created');
  assert.deepEqual(info.listening, { address: '127.0.0.1', family: 'IPv4', port: held.port });
  const reply = await get(`http://127.0.0.1:${held.port}/`);
  assert.equal(JSON.parse(reply.body).pid, run.child.pid);
  assert.equal(run.stderr(), `~> server.listen(${held.port}) uses the socket systemfd holds: http://127.0.0.1:${held.port}/ (fd #3)\n`);
});

test('listen({ port, host }) uses the inherited socket too', { skip }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['tcp'], { PORT: String(held.port), LISTEN_STYLE: 'options', HOST: '127.0.0.1' }));
  t.after(() => run.kill());
  const info = await listening(run);
  assert.equal(info.ino, inode(held));
  assert.match(run.stderr(), new RegExp(`server.listen\\(${held.port}, "127.0.0.1"\\) uses the socket systemfd holds: 127.0.0.1:${held.port} \\(tcp listener\\) \\(fd #3\\)`));
});

test('a port systemfd does not hold binds normally, with one line saying so', { skip }, async (t) => {
  const held = holdInet('tcp');
  const other = holdInet('tcp'); // a free port: reserve it, release it, let the server bind it
  release(other);
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['http'], { PORT: String(other.port) }));
  t.after(() => run.kill());
  const info = await listening(run);
  assert.equal(info.listening.port, other.port);
  assert.notEqual(info.ino, inode(held));
  assert.equal((await get(`http://127.0.0.1:${other.port}/`)).ok, true);
  assert.equal(run.stderr(), `~> server.listen(${other.port}) binds its own port; systemfd holds ${held.port}\n`);
});

test('listen(0) binds a port of its own silently: asking for any port is not a mistake', { skip }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['http'], { PORT: '0' }));
  t.after(() => run.kill());
  const info = await listening(run);
  assert.notEqual(info.listening.port, held.port);
  assert.equal(run.stderr(), '');
});

test('without systemfd (no LISTEN_FDS) the preload changes nothing', { skip }, async (t) => {
  const free = holdInet('tcp');
  release(free);
  const run = startWithFds([process.execPath, fixture('express-like.mjs')], [], {
    pid: 'none',
    extraEnv: { LISTEN_FDS: '', NODE_OPTIONS: preloadOption, PORT: String(free.port) },
  });
  t.after(() => run.kill());
  const info = await listening(run);
  assert.equal(info.listening.port, free.port);
  assert.equal(run.stderr(), '');
});

for (const mode of ['spawn', 'fork with an IPC channel at fd 3'] as const) {
  test(`an npm-style node intermediary (${mode}) still delivers the socket to the server`, { skip }, async (t) => {
    const held = holdInet('tcp');
    t.after(() => release(held));
    const argv = [fixture('npm-like.mjs'), ...(mode === 'spawn' ? [] : ['--ipc']), fixture('express-like.mjs')];
    const run = startServer([held], argv, preloadEnv([held], ['http'], { PORT: String(held.port) }));
    t.after(() => run.kill());
    const info = await listening(run);
    assert.notEqual(info.pid, run.child.pid, 'the server is a grandchild');
    assert.equal(info.ino, inode(held));
    assert.equal(JSON.parse((await get(`http://127.0.0.1:${held.port}/`)).body).pid, info.pid);
    const fd = mode === 'spawn' ? 3 : 4;
    assert.match(run.stderr(), new RegExp(`uses the socket systemfd holds: http://127.0.0.1:${held.port}/ \\(fd #${fd}\\)`));
  });
}

test('an unmodified udp server: socket.bind(PORT) uses the inherited socket', { skip }, async (t) => {
  const held = holdInet('udp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('listenfd-udp-bind.mjs')], preloadEnv([held], ['udp'], { PORT: String(held.port) }));
  t.after(() => run.kill());
  await run.waitFor(/"bound"/, { stream: 'stdout' });
  const client = dgram.createSocket('udp4');
  t.after(() => client.close());
  const reply = new Promise<string>((resolve) => client.once('message', (msg) => resolve(String(msg))));
  client.send('ping', held.port, '127.0.0.1');
  assert.equal(await reply, `${run.child.pid}:ping`);
  assert.match(run.stderr(), new RegExp(`socket.bind\\(${held.port}\\) uses the socket systemfd holds: 127.0.0.1:${held.port} \\(udp\\) \\(fd #3\\)`));
});

/** A request that starts now and resolves when it ends (body or error code). */
function request(url: string, agent?: http.Agent): Promise<{ status?: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ body: '', error: e.code ?? e.message }));
  });
}

test('graceful hand-over: SIGTERM drains the in-flight request; a connection queued meanwhile is served by the next generation', { skip: process.platform === 'linux' ? false : 'watches /proc' }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const env = preloadEnv([held], ['http'], { PORT: String(held.port), SYSTEMFD_STOP_TIMEOUT_MS: '20000' });
  const first = startServer([held], [fixture('express-like.mjs')], env);
  t.after(() => first.kill());
  const gen1 = await listening(first);
  const slow = request(`http://127.0.0.1:${held.port}/slow?ms=1500`);
  await first.waitFor(/slow started/, { stream: 'stdout' });
  process.kill(gen1.pid, 'SIGTERM');
  // The first generation has closed its listener (its fd 3 is gone) but is still draining.
  await eventually(() => !existsSync(`/proc/${gen1.pid}/fd/3`), { what: 'generation 1 to close its listener' });
  const queued = request(`http://127.0.0.1:${held.port}/`);
  assert.deepEqual(await slow, { status: 200, body: `slow done ${gen1.pid}` }, 'the in-flight request completed');
  assert.deepEqual(await first.exited, { code: null, signal: 'SIGTERM' }, 'exits with the usual signal status');
  const second = startServer([held], [fixture('express-like.mjs')], env);
  t.after(() => second.kill());
  const gen2 = await listening(second);
  assert.equal(gen2.ino, gen1.ino, 'same socket across generations');
  const reply = await queued;
  assert.equal(reply.status, 200, JSON.stringify(reply));
  assert.equal(JSON.parse(reply.body).pid, gen2.pid, 'answered by the next generation');
});

test('graceful hand-over closes idle keep-alive connections instead of waiting for them', { skip }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['http'], { PORT: String(held.port), SYSTEMFD_STOP_TIMEOUT_MS: '30000' }));
  t.after(() => run.kill());
  const { pid } = await listening(run);
  const agent = new http.Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  assert.equal((await request(`http://127.0.0.1:${held.port}/`, agent)).status, 200);
  const started = Date.now();
  process.kill(pid, 'SIGTERM');
  assert.deepEqual(await run.exited, { code: null, signal: 'SIGTERM' });
  assert.ok(Date.now() - started < 10_000, 'did not wait for the keep-alive timeout or the stop timeout');
});

test('a server with its own SIGTERM handler keeps control', { skip }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['http'], { PORT: String(held.port), OWN_SIGTERM: '1' }));
  t.after(() => run.kill());
  const { pid } = await listening(run);
  process.kill(pid, 'SIGTERM');
  assert.deepEqual(await run.exited, { code: 0, signal: null });
  assert.match(run.stdout(), /app handler/);
});

test('SYSTEMFD_STOP_SIGNAL chooses the signal that drains', { skip }, async (t) => {
  const held = holdInet('tcp');
  t.after(() => release(held));
  const run = startServer([held], [fixture('express-like.mjs')], preloadEnv([held], ['http'], { PORT: String(held.port), SYSTEMFD_STOP_SIGNAL: 'SIGUSR2' }));
  t.after(() => run.kill());
  const { pid } = await listening(run);
  const slow = request(`http://127.0.0.1:${held.port}/slow?ms=800`);
  await run.waitFor(/slow started/, { stream: 'stdout' });
  process.kill(pid, 'SIGUSR2');
  assert.equal((await slow).status, 200);
  assert.deepEqual(await run.exited, { code: null, signal: 'SIGUSR2' });
});
