// Real traffic through handed-over sockets, and the unix socket file rules: only
// a stale socket nobody answers on is replaced, and the files we created are removed on exit.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { fixture } from '../helpers/paths.js';
import { runCli, startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

test('a Node server on fd 3 and fd 4 answers HTTP on both ports', async (t) => {
  const run = startCli(['-s', 'http::0', '-s', 'tcp::[::1]:0', '--', process.execPath, fixture('http-on-fds.mjs')]);
  t.after(() => run.stop());
  const [, port1] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  const [, port2] = await run.waitFor(/\[::1\]:(\d+) \(tcp listener\)/);
  await run.waitFor(/ready \d+/, { stream: 'stdout' });
  assert.match((await get(`http://127.0.0.1:${port1}/`)).body, /^hello 0 pid \d+$/);
  assert.match((await get(`http://[::1]:${port2}/`)).body, /^hello 1 pid \d+$/);
});

test('connections made before the server starts wait in the backlog and are answered', async (t) => {
  // The command sleeps before serving: the parent holds the socket, nothing is refused.
  const run = startCli(['-s', 'http::0', '--', '/bin/sh', '-c', `sleep 1; exec "${process.execPath}" "${fixture('http-on-fds.mjs')}"`]);
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  const replies = await Promise.all(Array.from({ length: 5 }, () => get(`http://127.0.0.1:${port}/`)));
  assert.deepEqual(replies.map((r) => r.ok), [true, true, true, true, true], JSON.stringify(replies));
});

test('a UDP socket echoes datagrams', async (t) => {
  const run = startCli(['-s', 'udp::0', '--', process.execPath, fixture('udp-echo.mjs')]);
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/127\.0\.0\.1:(\d+) \(udp\)/);
  await run.waitFor(/ready/, { stream: 'stdout' });
  const client = dgram.createSocket('udp4');
  t.after(() => client.close());
  const reply = new Promise<string>((resolve) => client.on('message', (msg) => resolve(msg.toString())));
  client.send('ping', Number(port), '127.0.0.1');
  assert.equal(await reply, 'echo:ping');
});

test('a unix socket accepts connections, and its file is removed when systemfd exits', async (t) => {
  const dir = makeTempDir(t);
  const path = join(dir, 'app.sock');
  const run = startCli(['-s', `unix::${path}`, '--', process.execPath, fixture('http-on-fds.mjs')], { cwd: dir });
  t.after(() => run.stop());
  await run.waitFor(/ready/, { stream: 'stdout' });
  const body = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(path, () => socket.write('GET / HTTP/1.0\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.match(body, /hello 0 pid/);
  run.child.kill('SIGTERM');
  await run.exited;
  assert.equal(existsSync(path), false, 'our socket file is removed at exit');
});

test('a regular file at a unix socket path is never deleted', async (t) => {
  const dir = makeTempDir(t);
  const path = join(dir, 'data.txt');
  writeFileSync(path, 'precious');
  const { code, stderr } = await runCli(['-s', `unix::${path}`, '--', 'true']);
  assert.notEqual(code, 0);
  assert.equal(stderr, `error: refusing to replace ${path}: it is not a socket\n`);
  assert.equal(readFileSync(path, 'utf8'), 'precious');
});

test('a live unix socket is not taken over; a stale one is replaced', async (t) => {
  const dir = makeTempDir(t);
  const path = join(dir, 'live.sock');
  const server = net.createServer().listen(path);
  await new Promise((resolve) => server.once('listening', resolve));
  const live = await runCli(['-s', `unix::${path}`, '--', 'true']);
  assert.notEqual(live.code, 0);
  assert.match(live.stderr, /^error: .*live\.sock.* in use/);
  server.close();
  await new Promise((resolve) => server.once('close', resolve));
  // A stale socket file: bound by a process that exited without unlinking (a crashed server).
  const stalePath = join(dir, 'stale.sock');
  execFileSync('python3', ['-c', 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen()', stalePath]);
  assert.equal(statSync(stalePath).isSocket(), true);
  const { code, stderr } = await runCli(['-s', `unix::${stalePath}`, '--', 'python3', '-c', 'import socket; s=socket.socket(fileno=3); print(s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))']);
  assert.equal(code, 0, stderr);
  assert.equal(existsSync(stalePath), false, 'removed again at exit');
});

test('socket errors are one line naming the socket: port in use, missing dir, path too long', async (t) => {
  const dir = makeTempDir(t);
  const holder = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => holder.once('listening', resolve));
  t.after(() => holder.close());
  const port = (holder.address() as net.AddressInfo).port;
  const inUse = await runCli(['-s', `http::${port}`, '--', 'true']);
  assert.equal(inUse.code, 1);
  assert.match(inUse.stderr, new RegExp(`^error: .*127\\.0\\.0\\.1:${port}.*EADDRINUSE: Address already in use\\n$`));
  const missing = await runCli(['-s', `unix::${join(dir, 'no/such/dir/x.sock')}`, '--', 'true']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: .*no\/such\/dir\/x\.sock.*ENOENT/);
  const long = join(dir, 'x'.repeat(120) + '.sock');
  const tooLong = await runCli(['-s', `unix::${long}`, '--', 'true']);
  assert.equal(tooLong.code, 1);
  assert.match(tooLong.stderr, /^error: .*ENAMETOOLONG/);
  assert.equal(tooLong.stderr.trim().split('\n').length, 1);
});
