import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { startRpcServer, type RpcClientRejected, type RpcServerOptions } from '../../../src/rpc/server.js';
import { WSAPROTOCOL_INFOW_SIZE, splitProtocolInfos } from '../../../src/platform/win32/protocol-info.js';

/** A fake WSADuplicateSocketW: 628 bytes encoding the socket index and the target pid. */
function fakeDuplicate(index: number, pid: number): Buffer {
  const info = Buffer.alloc(WSAPROTOCOL_INFOW_SIZE, 0xa0 + index);
  info.writeUInt32LE(index, 0);
  info.writeUInt32LE(pid, 4);
  return info;
}

async function serve(t: TestContext, options: Partial<RpcServerOptions> = {}) {
  const rejected: RpcClientRejected[] = [];
  const server = await startRpcServer({ duplicate: fakeDuplicate, count: 2, onClientRejected: (e) => rejected.push(e), ...options });
  t.after(() => server.close());
  const [, port] = server.address.split(':');
  return { server, port: Number(port), rejected };
}

interface Exchange { bytes: Buffer; error?: string; ms: number }

/** The client side as listenfd does it: connect, write, half-close, read to end. */
function exchange(port: number, request: string | Buffer, { halfClose = true } = {}): Promise<Exchange> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const socket = connect({ host: '127.0.0.1', port }, () => {
      if (halfClose) socket.end(request);
      else socket.write(request);
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ bytes: Buffer.concat(chunks), ...(error ? { error } : {}), ms: Date.now() - started }));
  });
}

test('a correct request gets one 628-byte info per socket, in order, then EOF', async (t) => {
  const calls: Array<[number, number]> = [];
  const { server, port } = await serve(t, { count: 3, duplicate: (i, pid) => { calls.push([i, pid]); return fakeDuplicate(i, pid); } });
  assert.match(server.address, /^127\.0\.0\.1:\d+$/);
  assert.match(server.secret, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const reply = await exchange(port, `${server.secret}|4242`);
  assert.equal(reply.error, undefined);
  assert.equal(reply.bytes.length, 3 * WSAPROTOCOL_INFOW_SIZE);
  splitProtocolInfos(reply.bytes).forEach((info, i) => assert.deepEqual(info, fakeDuplicate(i, 4242)));
  assert.deepEqual(calls, [[0, 4242], [1, 4242], [2, 4242]]);
});

test('with no sockets a correct request gets an empty reply', async (t) => {
  const { server, port } = await serve(t, { count: 0 });
  const reply = await exchange(port, `${server.secret}|1`);
  assert.equal(reply.bytes.length, 0);
  assert.equal(reply.error, undefined);
});

test('the secret is accepted in every uuid-crate form and any case', async (t) => {
  const { server, port } = await serve(t);
  const simple = server.secret.replaceAll('-', '');
  for (const form of [server.secret.toUpperCase(), simple, simple.toUpperCase(), `{${server.secret}}`, `urn:uuid:${server.secret}`]) {
    const reply = await exchange(port, `${form}|77`);
    assert.equal(reply.bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE, form);
  }
});

test('a given secret is used and reported in canonical form', async (t) => {
  const { server, port } = await serve(t, { secret: '{59FB60FE-2634-4EC8-AA81-038793888C8E}' });
  assert.equal(server.secret, '59fb60fe-2634-4ec8-aa81-038793888c8e');
  assert.equal((await exchange(port, `${server.secret}|9`)).bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE);
});

test('bad requests get nothing at all, and the server keeps serving', async (t) => {
  const { server, port, rejected } = await serve(t);
  const bad = [
    `${crypto.randomUUID()}|1234`,
    `${server.secret}|1234\n`,
    `${server.secret}|0`,
    `${server.secret}|abc`,
    `${server.secret}|1|2`,
    server.secret,
    '',
    'GET / HTTP/1.0\r\n\r\n',
    Buffer.from([0xff, 0x00, 0x7c]),
  ];
  for (const request of bad) {
    const reply = await exchange(port, request);
    assert.equal(reply.bytes.length, 0, JSON.stringify(request.toString()));
  }
  assert.equal(rejected.length, bad.length);
  assert.ok(rejected.every((e) => e.reason === 'bad-request' && /^127\.0\.0\.1:\d+$/.test(e.remote)));
  assert.equal((await exchange(port, `${server.secret}|5`)).bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE);
});

test('an oversized request is dropped at once, without waiting for the timeout', async (t) => {
  const { server, port, rejected } = await serve(t, { timeoutMs: 60_000 });
  const reply = await exchange(port, 'x'.repeat(100_000), { halfClose: false });
  assert.equal(reply.bytes.length, 0);
  assert.ok(reply.ms < 10_000, `took ${reply.ms} ms`);
  assert.equal(rejected[0]?.reason, 'too-long');
  assert.equal((await exchange(port, `${server.secret}|5`)).bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE);
});

test('a client that never half-closes is dropped when its deadline passes', async (t) => {
  const { server, port, rejected } = await serve(t, { timeoutMs: 300 });
  // Even a complete, valid request is not answered before the client half-closes.
  const reply = await exchange(port, `${server.secret}|5`, { halfClose: false });
  assert.equal(reply.bytes.length, 0);
  assert.ok(reply.ms >= 250, `dropped after ${reply.ms} ms`);
  assert.deepEqual(rejected.map((e) => e.reason), ['timeout']);
});

test('the deadline is absolute: trickling bytes does not keep a connection alive', async (t) => {
  const { port, rejected } = await serve(t, { timeoutMs: 400 });
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  const trickle = setInterval(() => socket.write('a'), 50);
  t.after(() => clearInterval(trickle));
  socket.on('error', () => {});
  const started = Date.now();
  await once(socket, 'close');
  clearInterval(trickle);
  assert.ok(Date.now() - started < 5_000);
  assert.equal(rejected[0]?.reason, 'timeout');
});

test('100 concurrent bad clients and a slow-loris client do not delay a good client', async (t) => {
  const { server, port, rejected } = await serve(t, { timeoutMs: 20_000 });
  const loris = connect({ host: '127.0.0.1', port });
  loris.on('error', () => {});
  await once(loris, 'connect');
  loris.write(server.secret.slice(0, 10)); // and never more
  t.after(() => loris.destroy());
  const idle = Array.from({ length: 20 }, () => connect({ host: '127.0.0.1', port }).on('error', () => {}));
  t.after(() => idle.forEach((s) => s.destroy()));
  const bad = Array.from({ length: 100 }, (_, i) => exchange(port, i % 2 ? `${crypto.randomUUID()}|${i + 1}` : `garbage ${i}`));
  const good = await exchange(port, `${server.secret}|99`);
  assert.equal(good.bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE);
  assert.ok(good.ms < 10_000, `good client took ${good.ms} ms`);
  const badReplies = await Promise.all(bad);
  assert.ok(badReplies.every((r) => r.bytes.length === 0));
  assert.equal(loris.destroyed, false, 'the slow client is still connected: the good one did not wait for it');
  assert.equal(rejected.filter((e) => e.reason === 'bad-request').length, 100);
});

test('a client that resets mid-request does not hurt the server', async (t) => {
  const { server, port } = await serve(t);
  for (let i = 0; i < 10; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => {});
    await once(socket, 'connect');
    socket.write(server.secret.slice(0, 5));
    socket.resetAndDestroy();
    await once(socket, 'close');
  }
  assert.equal((await exchange(port, `${server.secret}|5`)).bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE);
});

test('a failed duplication costs only that client, nothing is sent', async (t) => {
  const { server, port, rejected } = await serve(t, {
    count: 2,
    duplicate: (i, pid) => {
      if (pid === 666 && i === 1) throw Object.assign(new Error('WSADuplicateSocketW WSAEINVAL'), { code: 'EINVAL' });
      return fakeDuplicate(i, pid);
    },
  });
  assert.equal((await exchange(port, `${server.secret}|666`)).bytes.length, 0, 'no partial reply');
  assert.equal(rejected[0]?.reason, 'duplicate-failed');
  assert.equal(rejected[0]?.pid, 666);
  assert.equal((await exchange(port, `${server.secret}|7`)).bytes.length, 2 * WSAPROTOCOL_INFOW_SIZE);
});

test('a duplicate() returning the wrong size is treated as a failure', async (t) => {
  const { server, port, rejected } = await serve(t, { duplicate: () => Buffer.alloc(600) });
  assert.equal((await exchange(port, `${server.secret}|7`)).bytes.length, 0);
  assert.equal(rejected[0]?.reason, 'duplicate-failed');
});

test('close() stops listening and drops connected clients; it is idempotent', async (t) => {
  const { server, port } = await serve(t, { timeoutMs: 60_000 });
  const pending = exchange(port, 'partial', { halfClose: false });
  await new Promise((r) => setTimeout(r, 50)); // let the connection be accepted
  await Promise.race([server.close(), new Promise((_, reject) => setTimeout(() => reject(new Error('close hung')), 10_000))]);
  await server.close();
  const dropped = await pending;
  assert.equal(dropped.bytes.length, 0);
  const refused = await exchange(port, `${server.secret}|1`);
  assert.equal(refused.error, 'ECONNREFUSED');
});

test('the server listens on loopback only', async (t) => {
  const { server } = await serve(t);
  assert.ok(server.address.startsWith('127.0.0.1:'));
});

test('served clients are reported', async (t) => {
  const served: unknown[] = [];
  const { server, port } = await serve(t, { onClientServed: (e) => served.push(e) });
  await exchange(port, `${server.secret}|31`);
  assert.equal(served.length, 1);
  assert.deepEqual({ ...(served[0] as object), remote: 'x' }, { remote: 'x', pid: 31, count: 2 });
});
