import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFdAddresses, describeFdAddress, encodeFdAddresses, FD_ADDRS_VAR } from '../../../src/protocol/fd-addresses.js';

const v4 = (ip: string, port: number) => ({ family: 4 as const, ip, port, scopeId: 0 });
const v6 = (ip: string, port: number, scopeId = 0) => ({ family: 6 as const, ip, port, scopeId });

test('encodes bound sockets in fd order; unix paths made absolute', () => {
  const env = encodeFdAddresses([
    { spec: { kind: 'http' }, bound: v4('127.0.0.1', 3000) },
    { spec: { kind: 'udp' }, bound: v6('::1', 5000) },
    { spec: { kind: 'tcp' }, bound: v6('fe80::1', 80, 2) },
    { spec: { kind: 'unix', path: './a b,c.sock' }, bound: null },
  ], '/srv/app');
  assert.deepEqual(env, { [FD_ADDRS_VAR]: 'http/127.0.0.1:3000,udp/[::1]:5000,tcp/[fe80::1%2]:80,unix/%2Fsrv%2Fapp%2Fa%20b%2Cc.sock' });
});

test('no sockets: no variable', () => {
  assert.deepEqual(encodeFdAddresses([]), {});
});

test('an IP socket without its bound address is a programming error', () => {
  assert.throws(() => encodeFdAddresses([{ spec: { kind: 'tcp' }, bound: null }]), TypeError);
});

test('round trip, and describe like the info line', () => {
  const env = encodeFdAddresses([
    { spec: { kind: 'https' }, bound: v4('0.0.0.0', 8443) },
    { spec: { kind: 'tcp' }, bound: v6('::', 9) },
    { spec: { kind: 'unix', path: '/run/x.sock' }, bound: null },
  ]);
  const decoded = decodeFdAddresses(env, 3);
  assert.deepEqual(decoded, [
    { kind: 'https', address: { family: 4, ip: '0.0.0.0', port: 8443 } },
    { kind: 'tcp', address: { family: 6, ip: '::', port: 9, scopeId: 0 } },
    { kind: 'unix', path: '/run/x.sock' },
  ]);
  assert.deepEqual(decoded?.map(describeFdAddress), ['https://0.0.0.0:8443/', '[::]:9 (tcp listener)', '/run/x.sock (unix listener)']);
});

test('decode refuses absent, malformed or miscounted values (stale env is never trusted)', () => {
  assert.equal(decodeFdAddresses({}, 1), null);
  assert.equal(decodeFdAddresses({ [FD_ADDRS_VAR]: 'tcp/127.0.0.1:1' }, 2), null);
  for (const bad of ['sctp/127.0.0.1:1', 'tcp/127.0.0.1', 'tcp/[::1:5', 'tcp/127.0.0.1:70000', 'unix/relative', 'unix/%E0%A4%A', 'tcp']) {
    assert.equal(decodeFdAddresses({ [FD_ADDRS_VAR]: bad }, 1), null, bad);
  }
});
