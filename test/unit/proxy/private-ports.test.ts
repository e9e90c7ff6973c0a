// PortReserve: kernel-picked loopback ports, held until taken, bindable at once after take().
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { PortReserve } from '../../../src/proxy/private-ports.js';

test('reserved ports are distinct and held: nothing else can bind them until taken', async (t) => {
  const reserve = new PortReserve(3);
  t.after(() => reserve.close());
  await reserve.fill();
  const first = reserve.take();
  assert.equal(new Set(first).size, 3);
  await reserve.fill();
  const held = reserve.next;
  assert.ok(held !== null);
  assert.equal(new Set([...first, ...held]).size, 6);
  const intruder = createServer().listen({ host: '127.0.0.1', port: held[0], exclusive: true });
  const [error] = (await once(intruder, 'error')) as [NodeJS.ErrnoException];
  assert.equal(error.code, 'EADDRINUSE');
  assert.deepEqual(reserve.take(), held);
});

test('after take(), the ports can be bound in the same tick (the spawn follows at once)', async (t) => {
  const reserve = new PortReserve(2);
  t.after(() => reserve.close());
  await reserve.fill();
  const ports = reserve.take();
  const servers = ports.map((port) => createServer().listen({ host: '127.0.0.1', port, exclusive: true }));
  t.after(() => servers.forEach((server) => server.close()));
  await Promise.all(servers.map((server) => once(server, 'listening')));
});

test('take() on an empty reserve throws instead of handing out nothing', () => {
  assert.throws(() => new PortReserve(1).take(), /no private ports reserved/);
});
