// Failures of openPosixSocketSet: one line naming the socket and the address, upstream's errno
// wording, the SystemError as cause, and nothing left behind (no fd, no socket file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { test, type TestContext } from 'node:test';
import { SocketError, isSystemError } from '../../../src/errors.js';
import { maxUnixPathBytes } from '../../../src/platform/posix/constants.js';
import { posixConstants } from '../../../src/platform/posix/libc.js';
import { openPosixSocketSet } from '../../../src/sockets/posix.js';
import type { SocketOptions } from '../../../src/sockets/socket-set.js';
import { parseSocketSpec } from '../../../src/sockets/spec.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const posixOnly = process.platform === 'linux' || process.platform === 'darwin' ? false : 'POSIX sockets (Linux, macOS) only';
const DEFAULTS: SocketOptions = { backlog: 511, reuseAddr: true, reusePort: false };

async function listenOn(t: TestContext, port = 0): Promise<Server> {
  const server = createServer();
  t.after(() => server.close());
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

const portOf = (server: Server): number => (server.address() as { port: number }).port;

/** Expects the open to fail; returns the SocketError after checking its shape. */
async function openFails(specs: string[], options: Partial<SocketOptions> = {}): Promise<SocketError & { cause: NodeJS.ErrnoException }> {
  try {
    const set = await openPosixSocketSet(specs.map(parseSocketSpec), { ...DEFAULTS, ...options });
    set.closeSync();
  } catch (error) {
    assert.ok(error instanceof SocketError, `a SocketError, got ${String(error)}`);
    assert.equal(error.code, 'SOCKET');
    assert.equal(error.exitCode, 1);
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return error as SocketError & { cause: NodeJS.ErrnoException };
  }
  assert.fail(`opening ${specs.join(' ')} should have failed`);
}

test('EADDRINUSE: the port is held by a plain Node server', { skip: posixOnly }, async (t) => {
  const port = portOf(await listenOn(t));
  const error = await openFails([`tcp::${port}`]);
  assert.equal(error.message, `cannot bind 127.0.0.1:${port} (tcp::${port}): EADDRINUSE: Address already in use`);
  assert.ok(isSystemError(error.cause));
  assert.equal(error.cause.code, 'EADDRINUSE');
  assert.equal(error.cause.syscall, 'bind');
  assert.equal((error.cause as { address?: string }).address, '127.0.0.1');
  assert.equal((error.cause as { port?: number }).port, port);
  // Named specs show the spec as given.
  assert.equal((await openFails([`web=http::${port}`])).message, `cannot bind 127.0.0.1:${port} (web=http::${port}): EADDRINUSE: Address already in use`);
});

test('EADDRNOTAVAIL: an address that is not local (TEST-NET-1, nothing is sent)', { skip: posixOnly }, async () => {
  const error = await openFails(['udp::192.0.2.1:0']);
  assert.equal(error.message, 'cannot bind 192.0.2.1:0 (udp::192.0.2.1:0): EADDRNOTAVAIL: Cannot assign requested address');
  assert.equal(error.cause.code, 'EADDRNOTAVAIL');
});

test('ENOENT: unix socket in a missing directory', { skip: posixOnly }, async (t) => {
  const path = `${makeTempDir(t)}/missing/app.sock`;
  const error = await openFails([`unix::${path}`]);
  assert.equal(error.message, `cannot bind ${path} (unix::${path}): ENOENT: No such file or directory`);
  assert.equal(error.cause.path, path);
});

test('ENAMETOOLONG: one byte over sun_path; the longest path that fits works', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const max = maxUnixPathBytes(posixConstants().platform);
  const longest = `${dir}/${'a'.repeat(max - dir.length - 1)}`;
  assert.equal(Buffer.byteLength(longest), max);
  const set = await openPosixSocketSet([parseSocketSpec(`unix::${longest}`)], DEFAULTS);
  t.after(() => set.closeSync());
  assert.ok(existsSync(longest));

  const tooLong = `${longest}b`;
  const error = await openFails([`unix::${tooLong}`]);
  assert.equal(error.message, `cannot bind ${tooLong} (unix::${tooLong}): ENAMETOOLONG: File name too long (${max + 1} bytes; unix socket paths can have at most ${max})`);
  assert.equal(error.cause.code, 'ENAMETOOLONG');
  assert.equal(error.cause.path, tooLong);
  assert.equal(existsSync(tooLong), false);
});

/**
 * Runs `specs` through openPosixSocketSet without root privileges: in this process when we are
 * not root, else in a child dropped to nobody with setpriv. Returns the error message and code.
 */
function openUnprivileged(t: TestContext, specs: string[]): { message: string; code: string } | null {
  const code = `
    const { openPosixSocketSet } = await import(process.argv[1]);
    const { parseSocketSpec } = await import(process.argv[2]);
    try {
      const set = await openPosixSocketSet(JSON.parse(process.argv[3]).map(parseSocketSpec), { backlog: 8, reuseAddr: true, reusePort: false });
      set.closeSync();
      console.log(JSON.stringify({ message: 'opened', code: '' }));
    } catch (error) {
      console.log(JSON.stringify({ message: error.message, code: error.cause?.code }));
    }`;
  const args = ['--input-type=module', '-e', code, new URL('../../../src/sockets/posix.js', import.meta.url).href, new URL('../../../src/sockets/spec.js', import.meta.url).href, JSON.stringify(specs)];
  const root = process.getuid?.() === 0;
  if (root && spawnSync('setpriv', ['--version']).status !== 0) {
    t.skip('running as root and setpriv is not available to drop privileges');
    return null;
  }
  const result = root
    ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args], { encoding: 'utf8', timeout: 30_000 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { message: string; code: string };
}

test('EACCES: unix socket in a directory we may not write to', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  chmodSync(dir, 0o755); // let an unprivileged child reach it
  mkdirSync(`${dir}/ro`, { mode: 0o555 }); // stays empty, so the temp dir cleanup can remove it
  const path = `${dir}/ro/app.sock`;
  const outcome = openUnprivileged(t, [`unix::${path}`]);
  if (!outcome) return;
  assert.deepEqual(outcome, { message: `cannot bind ${path} (unix::${path}): EACCES: Permission denied`, code: 'EACCES' });
});

test('EACCES: a privileged port as an unprivileged user', { skip: process.platform === 'linux' ? false : 'privileged ports are a Linux rule here (macOS allows them)' }, async (t) => {
  const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  if (!(start > 80)) return t.skip(`ip_unprivileged_port_start is ${start}: port 80 is not privileged here`);
  const outcome = openUnprivileged(t, ['tcp::80']);
  if (!outcome) return;
  assert.deepEqual(outcome, { message: 'cannot bind 127.0.0.1:80 (tcp::80): EACCES: Permission denied', code: 'EACCES' });
});

test('a failure closes the sockets made before it and removes their unix files', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const path = `${dir}/first.sock`;
  // A free port: taken from the kernel, released again.
  const probe = await listenOn(t);
  const freePort = portOf(probe);
  probe.close();
  await once(probe, 'close');
  const busy = portOf(await listenOn(t));

  const error = await openFails([`unix::${path}`, `tcp::${freePort}`, `http::${busy}`]);
  assert.match(error.message, new RegExp(`^cannot bind 127\\.0\\.0\\.1:${busy} \\(http::${busy}\\): EADDRINUSE`));
  assert.equal(existsSync(path), false, 'the unix socket file we created is gone');
  // Had the socket on freePort stayed open (listening, no SO_REUSEPORT), this would fail.
  await listenOn(t, freePort);
});

test('a policy error (not a socket) passes through unchanged', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  mkdirSync(`${dir}/taken`);
  const error = await openFails([`unix::${dir}/taken`]);
  assert.equal(error.message, `refusing to replace ${dir}/taken: it is not a socket`);
});
