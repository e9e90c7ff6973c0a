// addressInUseHint: only for an early failure, naming the held stream sockets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressInUseHint } from '../../../src/proxy/hints.js';
import type { BoundSocket } from '../../../src/sockets/socket-set.js';
import { parseSocketSpec } from '../../../src/sockets/spec.js';

const socket = (text: string, port: number, family: 4 | 6 = 4): BoundSocket => ({
  spec: parseSocketSpec(text),
  description: text,
  handle: 3,
  bound: { family, ip: family === 4 ? '127.0.0.1' : '::1', port, scopeId: 0 },
});

test('an early non-zero exit with held tcp sockets gets the hint, naming them', () => {
  const hint = addressInUseHint([socket('http::3000', 3000), socket('[::1]:4000', 4000, 6)], { code: 1, ranMs: 300 });
  assert.equal(hint, 'if it failed with EADDRINUSE on 127.0.0.1:3000, [::1]:4000, it binds the port itself instead of taking the socket systemfd holds: run it with --proxy');
});

test('no hint for a clean exit, a signal, a late failure, or udp/unix sockets only', () => {
  const held = [socket('http::3000', 3000)];
  assert.equal(addressInUseHint(held, { code: 0, ranMs: 300 }), null);
  assert.equal(addressInUseHint(held, { code: null, ranMs: 300 }), null);
  assert.equal(addressInUseHint(held, { code: 1, ranMs: 60_000 }), null);
  assert.equal(addressInUseHint([socket('udp::3000', 3000)], { code: 1, ranMs: 300 }), null);
  assert.equal(addressInUseHint([{ ...socket('unix::./a.sock', 0), bound: null }], { code: 1, ranMs: 300 }), null);
});
