// The child library's RPC client (listenfd/win32.ts, the part without koffi) against the real
// RPC server with a fake duplicator: the whole wire protocol, on Linux.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { requestProtocolInfos } from '../../../src/listenfd/win32.js';
import { startRpcServer } from '../../../src/rpc/server.js';
import { ENV } from '../../../src/protocol/env.js';
import { WSAPROTOCOL_INFOW_SIZE } from '../../../src/platform/win32/protocol-info.js';

const info = (index: number, pid: number) => {
  const b = Buffer.alloc(WSAPROTOCOL_INFOW_SIZE, index + 1);
  b.writeUInt32LE(pid, 0);
  return b;
};

test('no variables: null (not started by systemfd)', async () => {
  assert.equal(await requestProtocolInfos({}), null);
  assert.equal(await requestProtocolInfos({ [ENV.SOCKET_SERVER]: '127.0.0.1:1' }), null);
});

test('gets one info per socket for its own pid, in order', async (t) => {
  const server = await startRpcServer({ count: 2, duplicate: info });
  t.after(() => server.close());
  const env = { [ENV.SOCKET_SERVER]: server.address, [ENV.SOCKET_SECRET]: server.secret.toUpperCase() };
  const infos = await requestProtocolInfos(env);
  assert.equal(infos?.length, 2);
  assert.deepEqual(infos?.[0], info(0, process.pid));
  assert.deepEqual(infos?.[1], info(1, process.pid));
  assert.deepEqual(env, { [ENV.SOCKET_SERVER]: server.address, [ENV.SOCKET_SECRET]: server.secret.toUpperCase() }, 'env untouched');
});

test('a wrong secret gets no sockets', async (t) => {
  const server = await startRpcServer({ count: 2, duplicate: info });
  t.after(() => server.close());
  const infos = await requestProtocolInfos({ [ENV.SOCKET_SERVER]: server.address, [ENV.SOCKET_SECRET]: crypto.randomUUID() }).catch(() => []);
  assert.deepEqual(infos, []);
});

test('malformed variables and an unreachable server throw ListenFdError', async () => {
  const closed = createServer();
  closed.listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const { port } = closed.address() as AddressInfo;
  await new Promise((r) => closed.close(r));
  const secret = crypto.randomUUID();
  for (const env of [
    { [ENV.SOCKET_SERVER]: 'localhost:80', [ENV.SOCKET_SECRET]: secret },
    { [ENV.SOCKET_SERVER]: '127.0.0.1', [ENV.SOCKET_SECRET]: secret },
    { [ENV.SOCKET_SERVER]: '127.0.0.1:99999', [ENV.SOCKET_SECRET]: secret },
    { [ENV.SOCKET_SERVER]: '127.0.0.1:80', [ENV.SOCKET_SECRET]: 'nope' },
    { [ENV.SOCKET_SERVER]: `127.0.0.1:${port}`, [ENV.SOCKET_SECRET]: secret },
  ]) {
    await assert.rejects(requestProtocolInfos(env), (e: Error & { code?: string }) => e.name === 'ListenFdError' && e.code === 'ERR_LISTENFD_SYSTEM', JSON.stringify(env));
  }
});

test('a reply that is not a multiple of 628 bytes is an error', async (t) => {
  const bogus = createServer({ allowHalfOpen: true }, (c) => { c.resume(); c.on('end', () => c.end(Buffer.alloc(700))); });
  bogus.listen(0, '127.0.0.1');
  await once(bogus, 'listening');
  t.after(() => bogus.close());
  const env = { [ENV.SOCKET_SERVER]: `127.0.0.1:${(bogus.address() as AddressInfo).port}`, [ENV.SOCKET_SECRET]: crypto.randomUUID() };
  await assert.rejects(requestProtocolInfos(env), /not a multiple of 628/);
});

test('a server that never answers times out', async (t) => {
  const held: import('node:net').Socket[] = [];
  const silent = createServer({ allowHalfOpen: true }, (c) => { held.push(c); c.resume(); });
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  t.after(() => { held.forEach((c) => c.destroy()); silent.close(); });
  const env = { [ENV.SOCKET_SERVER]: `127.0.0.1:${(silent.address() as AddressInfo).port}`, [ENV.SOCKET_SECRET]: crypto.randomUUID() };
  await assert.rejects(requestProtocolInfos(env, { timeoutMs: 300 }), /no reply within 300 ms/);
});
