// Unix socket file safety (sockets/unix-path.ts): only stale sockets are replaced;
// files, directories, symlinks and live sockets are never touched; at exit only our own file goes.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { test, type TestContext } from 'node:test';
import { SocketError } from '../../../src/errors.js';
import { maxUnixPathBytes } from '../../../src/platform/posix/constants.js';
import * as libc from '../../../src/platform/posix/libc.js';
import { encodeSockaddrUn } from '../../../src/platform/posix/sockaddr.js';
import { openPosixSocketSet } from '../../../src/sockets/posix.js';
import { parseSocketSpec } from '../../../src/sockets/spec.js';
import {
  checkUnixPathLength,
  identifySocketFile,
  prepareUnixSocketPath,
  removeSocketFileIfOurs,
} from '../../../src/sockets/unix-path.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const posixOnly = process.platform === 'linux' || process.platform === 'darwin' ? false : 'unix sockets (Linux, macOS) only';
const OPTIONS = { maxPathBytes: maxUnixPathBytes(process.platform === 'darwin' ? 'darwin' : 'linux') };

/** A socket file nobody listens on: bound, never listening, closed (what a crashed server leaves). */
function makeStaleSocket(path: string): void {
  const c = libc.posixConstants();
  const fd = libc.socket(c.AF_UNIX, c.SOCK_STREAM, 0);
  try {
    libc.bind(fd, encodeSockaddrUn(c.platform, path));
  } finally {
    libc.close(fd);
  }
}

async function serveUnix(t: TestContext, path: string) {
  // Our probe connects and hangs up at once: that connection sees a reset, as any server would.
  const server = createServer((socket) => socket.on('error', () => {}).end('alive'));
  t.after(() => server.close());
  server.listen(path);
  await once(server, 'listening');
  return server;
}

async function readFrom(path: string): Promise<string> {
  const client = connect({ path });
  let text = '';
  client.setEncoding('utf8').on('data', (d: string) => (text += d));
  await once(client, 'end');
  client.destroy();
  return text;
}

const inode = (path: string): bigint => lstatSync(path, { bigint: true }).ino;

test('nothing at the path: fine, nothing created', { skip: posixOnly }, async (t) => {
  const path = `${makeTempDir(t)}/free.sock`;
  await prepareUnixSocketPath(path, OPTIONS);
  assert.equal(existsSync(path), false);
});

test('a stale socket is removed and replaced by ours', { skip: posixOnly }, async (t) => {
  const path = `${makeTempDir(t)}/stale.sock`;
  makeStaleSocket(path);
  const refused = connect({ path });
  const [error] = (await once(refused, 'error')) as [NodeJS.ErrnoException];
  assert.equal(error.code, 'ECONNREFUSED', 'stale before');
  const set = await openPosixSocketSet([parseSocketSpec(`unix::${path}`)], { backlog: 8, reuseAddr: true, reusePort: false });
  t.after(() => set.closeSync());
  assert.ok(lstatSync(path).isSocket());
  const client = connect({ path });
  await once(client, 'connect');
  client.destroy();
});

test('a live socket is refused and keeps working', { skip: posixOnly }, async (t) => {
  const path = `${makeTempDir(t)}/live.sock`;
  await serveUnix(t, path);
  const before = inode(path);
  await assert.rejects(prepareUnixSocketPath(path, OPTIONS), (error: unknown) => {
    assert.ok(error instanceof SocketError);
    assert.equal(error.message, `unix socket ${path} is in use by another process`);
    return true;
  });
  await assert.rejects(openPosixSocketSet([parseSocketSpec(`unix::${path}`)], { backlog: 8, reuseAddr: true, reusePort: false }), {
    message: `unix socket ${path} is in use by another process`,
  });
  assert.equal(inode(path), before);
  assert.equal(await readFrom(path), 'alive');
});

test('a regular file is never replaced, its content survives', { skip: posixOnly }, async (t) => {
  const path = `${makeTempDir(t)}/data.sock`;
  writeFileSync(path, 'precious data');
  await assert.rejects(openPosixSocketSet([parseSocketSpec(`unix::${path}`)], { backlog: 8, reuseAddr: true, reusePort: false }), (error: unknown) => {
    assert.ok(error instanceof SocketError);
    assert.equal(error.message, `refusing to replace ${path}: it is not a socket`);
    return true;
  });
  assert.equal(readFileSync(path, 'utf8'), 'precious data');
});

test('a directory, and a symlink (even to a stale socket), are not sockets: refused, untouched', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  mkdirSync(`${dir}/sub`);
  writeFileSync(`${dir}/sub/inside`, 'x');
  await assert.rejects(prepareUnixSocketPath(`${dir}/sub`, OPTIONS), { message: `refusing to replace ${dir}/sub: it is not a socket` });
  assert.equal(readFileSync(`${dir}/sub/inside`, 'utf8'), 'x');

  makeStaleSocket(`${dir}/target.sock`);
  symlinkSync(`${dir}/target.sock`, `${dir}/link.sock`);
  await assert.rejects(prepareUnixSocketPath(`${dir}/link.sock`, OPTIONS), { message: `refusing to replace ${dir}/link.sock: it is not a socket` });
  assert.ok(lstatSync(`${dir}/link.sock`).isSymbolicLink());
  assert.ok(lstatSync(`${dir}/target.sock`).isSocket());
});

test('path length is counted in bytes against the platform limit (107 Linux, 103 macOS)', { skip: posixOnly }, () => {
  const linux = { maxPathBytes: maxUnixPathBytes('linux') };
  const darwin = { maxPathBytes: maxUnixPathBytes('darwin') };
  assert.doesNotThrow(() => checkUnixPathLength(`/${'a'.repeat(106)}`, linux));
  assert.throws(() => checkUnixPathLength(`/${'a'.repeat(107)}`, linux), { code: 'ENAMETOOLONG', syscall: 'bind', message: /^ENAMETOOLONG: File name too long \(108 bytes; unix socket paths can have at most 107\)$/ });
  assert.doesNotThrow(() => checkUnixPathLength(`/${'a'.repeat(102)}`, darwin));
  assert.throws(() => checkUnixPathLength(`/${'a'.repeat(103)}`, darwin), { code: 'ENAMETOOLONG', path: `/${'a'.repeat(103)}` });
  // 54 characters, 108 bytes.
  assert.throws(() => checkUnixPathLength('é'.repeat(54), linux), /108 bytes/);
});

test('removeSocketFileIfOurs removes our socket only while the path still is that socket', { skip: posixOnly }, async (t) => {
  const dir = makeTempDir(t);
  const path = `${dir}/ours.sock`;
  makeStaleSocket(path);
  const identity = identifySocketFile(path);
  assert.ok(identity);
  assert.equal(identity.path, path);

  // Same dev and ino but another change time: a file re-created on a recycled inode number.
  assert.equal(removeSocketFileIfOurs({ ...identity, ctimeNs: identity.ctimeNs - 1n }), false);
  assert.ok(existsSync(path));

  renameSync(path, `${path}.moved`); // keeps our inode alive, so the new file gets another one
  makeStaleSocket(path); // someone else's socket now, same name
  assert.equal(removeSocketFileIfOurs(identity), false);
  assert.ok(lstatSync(path).isSocket());
  assert.ok(lstatSync(`${path}.moved`).isSocket());

  const theirs = identifySocketFile(path);
  assert.ok(theirs);
  assert.equal(removeSocketFileIfOurs(theirs), true);
  assert.equal(existsSync(path), false);
  assert.equal(removeSocketFileIfOurs(theirs), false, 'nothing left to remove');

  writeFileSync(path, 'file');
  assert.equal(identifySocketFile(path), null, 'a regular file is never identified as our socket');
});
