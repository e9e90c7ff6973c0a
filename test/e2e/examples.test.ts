// Runs each example under examples/ the way its `npm run dev` does (`systemfd watch` in its
// directory, settings from its .systemfdrc) and checks it answers. Sockets are overridden with
// flags (port 0, a temp unix path) so the test never needs a fixed port; the plain-http example
// listens on 3000 by design (it shows the preload adopting listen(3000)) and is skipped when
// that port is taken. The Express example needs `npm install` in its directory first.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { get } from '../helpers/http.js';
import { repoRoot } from '../helpers/paths.js';
import { start, startCli, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const example = (name: string): string => join(repoRoot, 'examples', name);

function runExample(t: TestContext, name: string, args: string[]): Running {
  const running = startCli(['watch', '--no-stdin', ...args], { cwd: example(name) });
  t.after(() => running.stop());
  return running;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('every example has a .systemfdrc and an npm dev script', () => {
  for (const name of ['plain-http', 'express', 'unix-proxy', 'udp']) {
    assert.ok(existsSync(join(example(name), '.systemfdrc')), `${name}/.systemfdrc`);
    const pkg = JSON.parse(readFileSync(join(example(name), 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.dev ?? '', /^systemfd watch\b/, `${name} has a dev script`);
  }
});

test('plain-http: an unmodified server adopts the socket from its .systemfdrc', async (t) => {
  if (!(await portIsFree(3000))) return t.skip('port 3000 is in use here');
  const running = runExample(t, 'plain-http', []);
  await running.waitFor(/http:\/\/127\.0\.0\.1:3000\//);
  await running.waitFor(/listening on/, { stream: 'stdout' });
  const reply = await get('http://127.0.0.1:3000/');
  assert.ok(reply.ok, reply.error);
  assert.match(reply.body, /^hello from pid \d+/);
});

test('express: answers through the socket systemfd holds', async (t) => {
  if (!existsSync(join(example('express'), 'node_modules/express'))) return t.skip('run `npm install` in examples/express first');
  const running = runExample(t, 'express', ['-s', 'http::0']);
  const [, port] = await running.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  await running.waitFor(/express listening/, { stream: 'stdout' });
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.ok(reply.ok, reply.error);
  assert.match(reply.body, /^hello from express, pid \d+/);
});

test('unix-proxy: the proxy forwards TCP to the unix socket systemfd holds, which is removed at exit', async (t) => {
  const dir = makeTempDir(t);
  const socketPath = join(dir, 'app.sock');
  const running = runExample(t, 'unix-proxy', ['-s', `unix::${socketPath}`]);
  await running.waitFor(/app\.sock \(unix listener\)/);
  await running.waitFor(/listening on the unix socket/, { stream: 'stdout' });
  const proxy = start(process.execPath, ['proxy.js'], { cwd: example('unix-proxy'), env: { ...process.env, PORT: '0', SOCKET: socketPath } });
  t.after(() => proxy.stop());
  const [, port] = await proxy.waitFor(/proxy http:\/\/127\.0\.0\.1:(\d+)\//, { stream: 'stdout' });
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.ok(reply.ok, reply.error);
  assert.match(reply.body, /^hello over a unix socket, pid \d+/);
  assert.ok(existsSync(socketPath));
  await running.stop();
  assert.equal(existsSync(socketPath), false, 'systemfd removed the socket file it created');
});

test('udp: answers a datagram on the socket systemfd holds', async (t) => {
  const running = runExample(t, 'udp', ['-s', 'udp::0']);
  const [, port] = await running.waitFor(/127\.0\.0\.1:(\d+) \(udp\)/);
  await running.waitFor(/udp server on/, { stream: 'stdout' });
  const client = createSocket('udp4');
  t.after(() => client.close());
  const answer = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no UDP answer within 10s')), 10_000);
    client.once('message', (message) => { clearTimeout(timer); resolve(message.toString()); });
  });
  client.send('ping', Number(port), '127.0.0.1');
  assert.match(await answer, /^pong ping from pid \d+/);
});
