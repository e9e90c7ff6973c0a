// The no-connect liveness check for unix socket paths (sockets/unix-listeners.ts).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { SocketError } from '../../../src/errors.js';
import { parseProcNetUnix, unixListenerState } from '../../../src/sockets/unix-listeners.js';
import { prepareUnixSocketPath } from '../../../src/sockets/unix-path.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const SAMPLE = [
  'Num       RefCount Protocol Flags    Type St Inode Path',
  '0000000000000000: 00000002 00000000 00010000 0001 01 23456 /run/app.sock',
  '0000000000000000: 00000002 00000000 00010000 0001 01 23457 /tmp/with space.sock',
  '0000000000000000: 00000003 00000000 00000000 0001 03 23458 /run/connected.sock',
  '0000000000000000: 00000002 00000000 00010000 0001 01 23459 @abstract-name',
  '0000000000000000: 00000002 00000000 00010000 0001 01 23460 relative/dev.sock',
  '0000000000000000: 00000003 00000000 00000000 0001 03 23461',
  '',
].join('\n');

test('parses listening sockets, with spaces in paths; skips connected, abstract and unnamed ones', () => {
  const { absolute, relative } = parseProcNetUnix(SAMPLE);
  assert.deepEqual([...absolute], ['/run/app.sock', '/tmp/with space.sock']);
  assert.deepEqual([...relative], ['relative/dev.sock']);
});

test('state for a path: listed, not listed, or not decidable without connecting', () => {
  const read = () => SAMPLE;
  assert.equal(unixListenerState('/run/app.sock', read), 'listening');
  assert.equal(unixListenerState('/tmp/with space.sock', read), 'listening');
  assert.equal(unixListenerState('/run/connected.sock', read), 'not-listed');
  assert.equal(unixListenerState('/elsewhere/dev.sock', read), null, 'a relative bind with the same name could be it');
  assert.equal(unixListenerState('/run/app.sock', () => { throw new Error('ENOENT'); }), null);
});

const linuxOnly = existsSync('/proc/net/unix') ? false : 'needs /proc/net/unix (Linux)';

test('a live server is recognised without a single connection to it', { skip: linuxOnly }, async (t) => {
  const path = join(makeTempDir(t), 'fragile.sock');
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  t.after(() => server.close());
  server.listen(path);
  await once(server, 'listening');
  assert.equal(unixListenerState(path), 'listening');
  await assert.rejects(prepareUnixSocketPath(path, { maxPathBytes: 107 }), (error: unknown) => error instanceof SocketError && /in use by another process/.test(error.message));
  // One connection of our own, accepted after any the check made (accept is in order): when it
  // is counted, every earlier one has been too.
  const client = connect({ path });
  client.on('error', () => {});
  await once(server, 'connection');
  client.destroy();
  assert.equal(connections, 1);
});
