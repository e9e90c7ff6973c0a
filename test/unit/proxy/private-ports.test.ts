// PortReserve: kernel-picked loopback ports, held until taken, bindable at once after take().
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { SocketError } from '../../../src/errors.js';
import { holdLoopbackPorts, PortReserve, type HeldSet } from '../../../src/proxy/private-ports.js';
import { eventually } from '../../helpers/process.js';

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

test('take() on an empty reserve throws instead of handing out nothing', (t) => {
  const reserve = new PortReserve(1);
  // The failed take() starts a fill: its held ports would keep the test process alive.
  t.after(() => reserve.close());
  assert.throws(() => reserve.take(), (error: unknown) => error instanceof SocketError && /no private loopback port/.test(error.message));
});

// A bind that fails once (EMFILE while the session is short of fds) must not end the reserve:
// the failure is that fill's alone, and the next fill binds real ports again.
function failingOnce(): (count: number) => Promise<HeldSet> {
  let failures = 1;
  return (count) => {
    if (failures-- > 0) return Promise.reject(Object.assign(new Error('listen EMFILE: too many open files'), { code: 'EMFILE' }));
    return holdLoopbackPorts(count);
  };
}

test('a failed bind does not stop the reserve: the next fill holds real ports', async (t) => {
  const reserve = new PortReserve(2, { hold: failingOnce() });
  t.after(() => reserve.close());
  await assert.rejects(reserve.fill(), /EMFILE/);
  await reserve.fill();
  const ports = reserve.take();
  assert.equal(ports.length, 2);
  const server = createServer().listen({ host: '127.0.0.1', port: ports[0], exclusive: true });
  t.after(() => server.close());
  await once(server, 'listening');
});

test('take() after a failed bind: a one-line SocketError with the bind error as cause, then a refill', async (t) => {
  const reserve = new PortReserve(1, { hold: failingOnce() });
  t.after(() => reserve.close());
  await assert.rejects(reserve.fill(), /EMFILE/);
  assert.throws(() => reserve.take(), (error: unknown) => {
    assert.ok(error instanceof SocketError, `a SystemfdError, not ${String(error)}`);
    assert.equal(error.message, 'no private loopback port for the proxy: listen EMFILE: too many open files');
    assert.match(String((error.cause as Error).message), /EMFILE/);
    return true;
  });
  // That take() started the refill; it holds ports again without anyone calling fill().
  await eventually(() => reserve.next !== null, { what: 'the refill after a failed bind' });
  assert.equal(reserve.take().length, 1);
});
