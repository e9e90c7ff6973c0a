// openPosixSocketSet (sockets/posix.ts) with real sockets: created in spec order, bound where
// asked, reachable, with the options and fd flags the hand-off promises, handed to real children.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createSocket as createUdp } from 'node:dgram';
import { existsSync, fstatSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type NetConnectOpts } from 'node:net';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import * as libc from '../../../src/platform/posix/libc.js';
import { openPosixSocketSet } from '../../../src/sockets/posix.js';
import type { SocketOptions, SocketSet } from '../../../src/sockets/socket-set.js';
import { parseSocketSpec } from '../../../src/sockets/spec.js';
import { get } from '../../helpers/http.js';
import { fixture } from '../../helpers/paths.js';
import { start } from '../../helpers/process.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const posixOnly = process.platform === 'linux' || process.platform === 'darwin' ? false : 'POSIX sockets (Linux, macOS) only';
const linuxOnly = process.platform === 'linux' ? false : 'reads /proc (Linux only)';
const DEFAULTS: SocketOptions = { backlog: 511, reuseAddr: true, reusePort: false };

async function open(t: TestContext, specs: string[], options: Partial<SocketOptions> = {}): Promise<SocketSet> {
  const set = await openPosixSocketSet(specs.map(parseSocketSpec), { ...DEFAULTS, ...options });
  t.after(() => set.closeSync());
  return set;
}

/** Resolves once a connection is established (the kernel completes it from the backlog). */
async function reach(options: NetConnectOpts): Promise<void> {
  const client = connect(options);
  try {
    await once(client, 'connect');
  } finally {
    client.destroy();
  }
}

function portOf(set: SocketSet, index: number): number {
  const bound = set.sockets[index]?.bound;
  assert.ok(bound, `socket ${index} has a bound IP address`);
  return bound.port;
}

/** `flags:` of /proc/self/fdinfo/<fd>, octal, as the kernel reports the open file. */
function fdinfoFlags(fd: number): number {
  const match = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  assert.ok(match, 'fdinfo has a flags line');
  return parseInt(match[1] ?? '', 8);
}

test('tcp, http, udp, IPv6 and unix sockets: spec order, real ports, reachable', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const path = `${dir}/app.sock`;
  const set = await open(t, ['tcp::0', 'web=http::0', 'udp::0', '[::1]:0', `unix::${path}`]);
  const c = libc.posixConstants();

  assert.equal(set.sockets.length, 5);
  const [tcp, http, udp, v6, unix] = set.sockets.map((s) => s.description);
  for (const i of [0, 1, 2, 3]) assert.ok(portOf(set, i) > 0, 'port 0 became a real port');
  assert.equal(tcp, `127.0.0.1:${portOf(set, 0)} (tcp listener)`);
  assert.equal(http, `http://127.0.0.1:${portOf(set, 1)}/`);
  assert.equal(udp, `127.0.0.1:${portOf(set, 2)} (udp)`);
  assert.equal(v6, `[::1]:${portOf(set, 3)} (tcp listener)`);
  assert.equal(unix, `${path} (unix listener)`);
  assert.deepEqual(set.sockets[3]?.bound, { family: 6, ip: '::1', port: portOf(set, 3), scopeId: 0 });
  assert.equal(set.sockets[4]?.bound, null);

  // Hand-off data: raw fds in order, labelled 3.., LISTEN_* with the names.
  assert.deepEqual(set.childFds(), set.sockets.map((s) => s.handle));
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => set.childHandleLabel(i)), ['3', '4', '5', '6', '7']);
  const env = set.childEnv({ withPid: true });
  assert.equal(env.LISTEN_FDS, '5');
  assert.equal(env.LISTEN_FDS_FIRST_FD, '3');
  assert.equal(env.LISTEN_FDNAMES, 'tcp:web:udp:tcp:unix');
  assert.ok(!('LISTEN_PID' in env) || env.LISTEN_PID === undefined);

  // Kinds as the kernel sees them.
  const fds = set.childFds() as [number, number, number, number, number];
  assert.deepEqual(fds.map((fd) => libc.getsockoptInt(fd, c.SOL_SOCKET, c.SO_TYPE)), [c.SOCK_STREAM, c.SOCK_STREAM, c.SOCK_DGRAM, c.SOCK_STREAM, c.SOCK_STREAM]);
  assert.deepEqual(fds.map((fd) => libc.sockaddrFamily(libc.getsockname(fd))), [c.AF_INET, c.AF_INET, c.AF_INET, c.AF_INET6, c.AF_UNIX]);
  assert.deepEqual(fds.map((fd) => libc.getsockoptInt(fd, c.SOL_SOCKET, c.SO_ACCEPTCONN) !== 0), [true, true, false, true, true]);
  assert.ok(fstatSync(fds[4]).isSocket());

  await reach({ host: '127.0.0.1', port: portOf(set, 0) });
  await reach({ host: '127.0.0.1', port: portOf(set, 1) });
  await reach({ host: '::1', port: portOf(set, 3) });
  await reach({ path });
});

test('a udp socket is bound where it says: a child serving on it answers', { skip: posixOnly }, async (t) => {
  const set = await open(t, ['udp::0']);
  set.prepareForChild();
  const child = start(process.execPath, [fixture('udp-echo.mjs')], { stdio: ['ignore', 'pipe', 'pipe', ...set.childFds()] });
  t.after(() => child.kill());
  await child.waitFor(/ready/, { stream: 'stdout' });
  const client = createUdp('udp4');
  t.after(() => client.close());
  const reply = once(client, 'message');
  client.send('ping', portOf(set, 0), '127.0.0.1');
  const [message] = (await reply) as [Buffer];
  assert.equal(message.toString(), 'echo:ping');
});

test('SO_REUSEADDR on by default and off with reuseAddr false; SO_REUSEPORT only when asked, IP only', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const c = libc.posixConstants();
  const opt = (fd: number, name: number) => libc.getsockoptInt(fd, c.SOL_SOCKET, name) !== 0;

  const plain = await open(t, ['tcp::0', 'udp::0', `unix::${dir}/a.sock`]);
  assert.deepEqual(plain.childFds().map((fd) => opt(fd, c.SO_REUSEADDR)), [true, true, true]);
  assert.deepEqual(plain.childFds().map((fd) => opt(fd, c.SO_REUSEPORT)), [false, false, false]);

  const noReuse = await open(t, ['tcp::0', `unix::${dir}/b.sock`], { reuseAddr: false });
  assert.deepEqual(noReuse.childFds().map((fd) => opt(fd, c.SO_REUSEADDR)), [false, false]);

  // Upstream issue #31: SO_REUSEPORT on a unix socket fails on newer kernels; we skip it there.
  const reusePort = await open(t, ['tcp::0', 'udp::0', `unix::${dir}/c.sock`], { reusePort: true });
  assert.deepEqual(reusePort.childFds().map((fd) => opt(fd, c.SO_REUSEPORT)), [true, true, false]);
});

test('SO_REUSEPORT off by default: a second set on the same port fails; opted in, both share it', { skip: posixOnly }, async (t) => {
  const first = await open(t, ['tcp::0'], { reusePort: true });
  const port = portOf(first, 0);
  const second = await open(t, [`tcp::${port}`], { reusePort: true });
  assert.equal(portOf(second, 0), port);
  await assert.rejects(open(t, [`tcp::${port}`]), { message: `cannot bind 127.0.0.1:${port} (tcp::${port}): EADDRINUSE: Address already in use` });
});

test('the backlog reaches listen()', { skip: posixOnly }, async (t) => {
  const ss = spawnSync('ss', ['-V']);
  if (ss.error || ss.status !== 0) return t.skip('ss (iproute2) is not installed');
  const set = await open(t, ['tcp::0', 'tcp::0'], { backlog: 7 });
  const other = await open(t, ['tcp::0']);
  // For a listening socket, ss shows the backlog as Send-Q.
  const sendQ = (port: number) => {
    const line = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim();
    return Number(line.split(/\s+/)[2]);
  };
  assert.equal(sendQ(portOf(set, 0)), 7);
  assert.equal(sendQ(portOf(set, 1)), 7);
  assert.equal(sendQ(portOf(other, 0)), 511);
});

test('in the parent the sockets are close-on-exec and blocking', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const set = await open(t, ['tcp::0', 'udp::0', `unix::${dir}/a.sock`]);
  const c = libc.posixConstants();
  for (const fd of set.childFds()) {
    assert.equal(libc.fcntl(fd, c.F_GETFD) & c.FD_CLOEXEC, c.FD_CLOEXEC, `fd ${fd} FD_CLOEXEC`);
    assert.equal(libc.fcntl(fd, c.F_GETFL) & c.O_NONBLOCK, 0, `fd ${fd} blocking`);
    if (process.platform === 'linux') {
      // Cross-check without our own FFI: the kernel's view of the open file.
      assert.equal(fdinfoFlags(fd) & 0o2000000, 0o2000000, 'O_CLOEXEC in fdinfo');
      assert.equal(fdinfoFlags(fd) & 0o4000, 0, 'no O_NONBLOCK in fdinfo');
    }
  }
});

test('a child gets the sockets at fds 3.. without close-on-exec (spawn stdio)', { skip: linuxOnly }, async (t) => {
  const set = await open(t, ['tcp::0', 'udp::0']);
  // sh execs cat: had fd 3 been close-on-exec in sh, cat would not have it at all.
  const result = spawnSync('/bin/sh', ['-c', 'cat /proc/self/fdinfo/3 && echo --- && cat /proc/self/fdinfo/4'], {
    stdio: ['ignore', 'pipe', 'pipe', ...set.childFds()],
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  const flags = [...result.stdout.matchAll(/^flags:\s+([0-7]+)$/gm)].map((m) => parseInt(m[1] ?? '', 8));
  assert.equal(flags.length, 2);
  for (const value of flags) {
    assert.equal(value & 0o2000000, 0, 'not O_CLOEXEC in the child');
    assert.equal(value & 0o4000, 0, 'blocking in the child');
  }
});

test('prepareForChild clears the O_NONBLOCK a previous child set on the shared socket', { skip: posixOnly }, async (t) => {
  const set = await open(t, ['http::0', 'udp::0']);
  const c = libc.posixConstants();
  const [httpFd, udpFd] = set.childFds() as [number, number];
  const nonblocking = (fd: number) => (libc.fcntl(fd, c.F_GETFL) & c.O_NONBLOCK) !== 0;

  // A real Node server on the socket: libuv makes the shared file description non-blocking.
  set.prepareForChild();
  const child = start(process.execPath, [fixture('http-on-fds.mjs')], {
    stdio: ['ignore', 'pipe', 'pipe', httpFd],
    env: { ...process.env, LISTEN_FDS: '1' },
  });
  t.after(() => child.kill());
  await child.waitFor(/ready/, { stream: 'stdout' });
  const reply = await get(`http://127.0.0.1:${portOf(set, 0)}/`);
  assert.match(reply.body, /^hello 0 pid /);
  child.kill();
  await child.exited;
  assert.equal(nonblocking(httpFd), true, 'the child left O_NONBLOCK behind');

  libc.fcntl(udpFd, c.F_SETFL, libc.fcntl(udpFd, c.F_GETFL) | c.O_NONBLOCK);
  set.prepareForChild();
  assert.equal(nonblocking(httpFd), false);
  assert.equal(nonblocking(udpFd), false);
  // The socket still serves the next child.
  const next = start(process.execPath, [fixture('http-on-fds.mjs')], {
    stdio: ['ignore', 'pipe', 'pipe', httpFd],
    env: { ...process.env, LISTEN_FDS: '1' },
  });
  t.after(() => next.kill());
  await next.waitFor(/ready/, { stream: 'stdout' });
  assert.match((await get(`http://127.0.0.1:${portOf(set, 0)}/`)).body, /^hello 0 pid /);
});

test('close() closes the fds, frees the port, removes our socket file; idempotent', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const path = `${dir}/app.sock`;
  const set = await openPosixSocketSet(['tcp::0', `unix::${path}`].map(parseSocketSpec), DEFAULTS);
  t.after(() => set.closeSync());
  const port = portOf(set, 0);
  assert.ok(existsSync(path));
  await set.close();
  assert.equal(existsSync(path), false);
  assert.deepEqual(set.childFds(), []);
  assert.throws(() => set.prepareForChild(), /already closed/);
  await set.close();
  set.closeSync();
  // Nothing listens on the port any more: a plain Node server can take it.
  const server = createServer();
  t.after(() => server.close());
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
});

test('close() leaves a file that replaced our socket, and a socket someone else bound there', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const replaced = `${dir}/replaced.sock`;
  const rebound = `${dir}/rebound.sock`;
  const set = await openPosixSocketSet([`unix::${replaced}`, `unix::${rebound}`].map(parseSocketSpec), DEFAULTS);
  t.after(() => set.closeSync());
  unlinkSync(replaced);
  writeFileSync(replaced, 'precious');
  // Moved away (not deleted) so the new socket cannot land on our recycled inode number.
  renameSync(rebound, `${rebound}.moved`);
  const server = createServer();
  t.after(() => server.close());
  server.listen(rebound);
  await once(server, 'listening');
  set.closeSync();
  assert.equal(readFileSync(replaced, 'utf8'), 'precious');
  await reach({ path: rebound });
});
