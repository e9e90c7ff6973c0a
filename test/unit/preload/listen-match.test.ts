import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InheritedSocket } from '../../../src/preload/inherited.js';
import { describeOwnPort, findSocket, hostMatches, parseListenArgs } from '../../../src/preload/listen-match.js';

const cb = () => {};

test('parseListenArgs follows net.Server#listen argument forms', () => {
  assert.deepEqual(parseListenArgs([3000]), { kind: 'port', port: 3000, host: null, backlog: undefined });
  assert.deepEqual(parseListenArgs(['3000']), { kind: 'port', port: 3000, host: null, backlog: undefined });
  assert.deepEqual(parseListenArgs([3000, cb]), { kind: 'port', port: 3000, host: null, backlog: undefined });
  assert.deepEqual(parseListenArgs([3000, '::1', cb]), { kind: 'port', port: 3000, host: '::1', backlog: undefined });
  assert.deepEqual(parseListenArgs([3000, 'localhost', 10, cb]), { kind: 'port', port: 3000, host: 'localhost', backlog: 10 });
  assert.deepEqual(parseListenArgs([3000, 10, cb]), { kind: 'port', port: 3000, host: null, backlog: 10 });
  assert.deepEqual(parseListenArgs([{ port: 3000, host: '127.0.0.1' }, cb]), { kind: 'port', port: 3000, host: '127.0.0.1', signal: undefined, backlog: undefined });
  assert.deepEqual(parseListenArgs(['/tmp/a.sock']), { kind: 'path', path: '/tmp/a.sock' });
  assert.deepEqual(parseListenArgs([{ path: 'a.sock' }]), { kind: 'path', path: 'a.sock', backlog: undefined });
  for (const other of [[], [cb], [0], ['0'], [{ port: 0 }], [{ fd: 3 }], [{ handle: {} }], [{ _handle: {} }], [70000], [-1], [3.5], [null]]) {
    assert.deepEqual(parseListenArgs(other), { kind: 'other' }, JSON.stringify(other));
  }
});

test('hostMatches: absent or wildcard host matches any address; localhost matches loopback; literals must be equal', () => {
  assert.equal(hostMatches(null, '127.0.0.1'), true);
  assert.equal(hostMatches('0.0.0.0', '::1'), true);
  assert.equal(hostMatches('::', '127.0.0.1'), true);
  assert.equal(hostMatches('localhost', '127.0.0.1'), true);
  assert.equal(hostMatches('localhost', '::1'), true);
  assert.equal(hostMatches('localhost', '10.0.0.1'), false);
  assert.equal(hostMatches('127.0.0.1', '127.0.0.1'), true);
  assert.equal(hostMatches('127.0.0.1', '::ffff:127.0.0.1'), true);
  assert.equal(hostMatches('0:0:0:0:0:0:0:1', '::1'), true);
  assert.equal(hostMatches('192.168.1.5', '127.0.0.1'), false);
  assert.equal(hostMatches('example.com', '127.0.0.1'), false);
});

const sockets: InheritedSocket[] = [
  { index: 0, fd: 3, name: 'web', address: { kind: 'http', address: { family: 4, ip: '127.0.0.1', port: 3000 } } },
  { index: 1, fd: 4, name: 'udp', address: { kind: 'udp', address: { family: 4, ip: '127.0.0.1', port: 3000 } } },
  { index: 2, fd: 5, name: 'v6', address: { kind: 'tcp', address: { family: 6, ip: '::1', port: 3000, scopeId: 0 } } },
  { index: 3, fd: 6, name: 'unix', address: { kind: 'unix', path: '/srv/app.sock' } },
  { index: 4, fd: 7, name: 'unknown', address: null },
];
const none = () => false;

test('findSocket: by port, protocol, host; taken sockets and unknown addresses are skipped', () => {
  const fd = (request: Parameters<typeof findSocket>[0], protocol: 'stream' | 'datagram' = 'stream', taken: (fd: number) => boolean = none) =>
    findSocket(request, sockets, protocol, taken, '/srv')?.fd ?? null;
  assert.equal(fd({ kind: 'port', port: 3000, host: null }), 3);
  assert.equal(fd({ kind: 'port', port: 3000, host: null }, 'stream', (f) => f === 3), 5, 'the next socket on that port');
  assert.equal(fd({ kind: 'port', port: 3000, host: '::1' }), 5);
  assert.equal(fd({ kind: 'port', port: 3000, host: null }, 'datagram'), 4);
  assert.equal(fd({ kind: 'port', port: 3001, host: null }), null, 'a port systemfd does not hold');
  assert.equal(fd({ kind: 'port', port: 3000, host: '10.1.1.1' }), null);
  assert.equal(fd({ kind: 'path', path: 'app.sock' }), 6, 'relative to the cwd');
  assert.equal(fd({ kind: 'path', path: '/srv/other.sock' }), null);
  assert.equal(fd({ kind: 'other' }), null);
});

test('describeOwnPort: a concrete port no held TCP socket has, while TCP sockets are held', () => {
  assert.equal(describeOwnPort({ kind: 'port', port: 3001, host: null }, sockets), 'binds its own port; systemfd holds 3000');
  assert.equal(describeOwnPort({ kind: 'port', port: 3000, host: null }, sockets), null, 'a held port');
  assert.equal(describeOwnPort(parseListenArgs([0]), sockets), null, 'port 0 asks for any port');
  assert.equal(describeOwnPort({ kind: 'path', path: 'a.sock' }, sockets), null);
  const noTcp = sockets.filter((s) => s.address?.kind === 'udp' || s.address?.kind === 'unix');
  assert.equal(describeOwnPort({ kind: 'port', port: 3001, host: null }, noTcp), null, 'no TCP socket held');
});
