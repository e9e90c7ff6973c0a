// The proxy router with real sockets and real Node servers (no supervisor): forwarding,
// keep-alive, WebSocket upgrades, holding clients while no generation is ready, and the drain of
// a retired generation.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { get } from '../../helpers/http.js';
import { eventually } from '../../helpers/process.js';
import { bringUp, getWith, makeRouter, rawRequest, upstream } from './harness.js';

test('forwards a request to the current generation, byte for byte', async (t) => {
  const { router, url } = await makeRouter(t);
  const one = await upstream(t, 'one');
  await bringUp(router, 1, one);
  assert.deepEqual(await get(url), { ok: true, status: 200, body: 'one' });
  assert.equal(router.current, 1);
  await eventually(() => router.openConnections(1) === 0, { what: 'the connection count to return to 0' });
});

test('keep-alive: many requests over one client connection reach the server on one connection', async (t) => {
  const { router, url } = await makeRouter(t);
  const one = await upstream(t, 'one');
  await bringUp(router, 1, one);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  for (let i = 0; i < 20; i++) assert.equal((await getWith(agent, url)).body, 'one');
  assert.equal(one.requestSockets.size, 1);
  assert.equal(router.openConnections(1), 1);
});

test('a WebSocket upgrade passes through and frames flow both ways', async (t) => {
  const { router, port } = await makeRouter(t);
  const one = await upstream(t, 'one');
  // A hand-written RFC 6455 server: accept the key, then echo each (small, masked) text frame.
  one.server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('data', (frame: Buffer) => {
      const length = (frame[1] as number) & 0x7f;
      const mask = frame.subarray(2, 6);
      const payload = Buffer.from(frame.subarray(6, 6 + length).map((byte, i) => byte ^ (mask[i % 4] as number)));
      socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
    });
  });
  await bringUp(router, 1, one);
  const client = connect({ host: '127.0.0.1', port });
  t.after(() => client.destroy());
  client.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  const [head] = (await once(client, 'data')) as [Buffer];
  assert.match(head.toString(), /^HTTP\/1\.1 101 /);
  assert.match(head.toString(), /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/);
  const mask = Buffer.from([1, 2, 3, 4]);
  const text = Buffer.from('hello through the proxy');
  client.write(Buffer.concat([Buffer.from([0x81, 0x80 | text.length]), mask, text.map((byte, i) => byte ^ (mask[i % 4] as number))]));
  const [echo] = (await once(client, 'data')) as [Buffer];
  assert.equal(echo.subarray(2).toString(), 'hello through the proxy');
});

test('half-close: a client that shuts down its sending side still gets the whole answer', async (t) => {
  const { router, port } = await makeRouter(t, { kind: 'tcp' });
  const { createServer } = await import('node:net');
  // An echo server that answers only after the client's FIN.
  const echo = createServer({ allowHalfOpen: true }, (socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => socket.end(Buffer.concat(chunks).toString().toUpperCase()));
  });
  echo.listen({ host: '127.0.0.1', port: 0 });
  await once(echo, 'listening');
  t.after(() => echo.close());
  const echoPort = (echo.address() as { port: number }).port;
  await bringUp(router, 1, { port: echoPort } as Parameters<typeof bringUp>[2]);
  const client = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  client.end('half closed');
  let answer = '';
  client.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await once(client, 'end');
  assert.equal(answer, 'HALF CLOSED');
  client.destroy();
});

test('while no generation is ready, clients are held (none refused) and served once one is', async (t) => {
  const { router, url } = await makeRouter(t);
  const replies = Array.from({ length: 50 }, () => get(url));
  await eventually(() => router.holding === 50, { what: '50 held clients' });
  const one = await upstream(t, 'one');
  await bringUp(router, 1, one);
  const results = await Promise.all(replies);
  assert.deepEqual(results.filter((reply) => !reply.ok), []);
  assert.equal(router.holding, 0);
});

test('1,000 concurrent connections are held and all served', async (t) => {
  const { router, port } = await makeRouter(t);
  const clients = Array.from({ length: 1000 }, () => rawRequest(port));
  t.after(() => clients.forEach(({ socket }) => socket.destroy()));
  await eventually(() => router.holding === 1000, { what: '1000 held clients', timeout: 60_000 });
  const one = await upstream(t, 'one');
  await bringUp(router, 1, one);
  const results = await Promise.all(clients.map(({ done }) => done));
  const failed = results.filter(({ data, error }) => error !== undefined || !/^HTTP\/1\.1 200 [^]*one$/.test(data));
  assert.equal(failed.length, 0, `failed: ${JSON.stringify(failed.slice(0, 3))}`);
});

test('a generation that refuses (not listening yet) does not fail the client: it is retried', async (t) => {
  const { router, url } = await makeRouter(t);
  const one = await upstream(t, 'one');
  const port = one.port;
  await one.kill();
  router.add(1, { ports: [port] });
  router.activate(1);
  const reply = get(url);
  await eventually(() => router.holding === 1, { what: 'the refused client to be held again' });
  one.server.listen({ host: '127.0.0.1', port });
  await once(one.server, 'listening');
  assert.deepEqual(await reply, { ok: true, status: 200, body: 'one' });
});

test('after the hold bound, an http client gets a 503 from the router (and only then)', async (t) => {
  const { router, url } = await makeRouter(t, { holdTimeoutMs: 300 });
  const timeouts: number[] = [];
  router.on('hold-timeout', ({ listener }) => timeouts.push(listener));
  const started = Date.now();
  const reply = await get(url);
  assert.ok(Date.now() - started >= 290, 'answered before the bound');
  assert.equal(reply.status, 503);
  assert.match(reply.body, /no server became ready/);
  assert.deepEqual(timeouts, [0]);
});

test('close() drops a forwarded connection whose client never closes its side (it would keep the process alive)', async (t) => {
  const { router, port } = await makeRouter(t, { kind: 'tcp' });
  const { createServer } = await import('node:net');
  // The server answers and ends its side; the client keeps its half open and never sends FIN.
  let serverSide: import('node:net').Socket | null = null;
  const server = createServer((socket) => {
    serverSide = socket;
    socket.on('error', () => {});
    socket.resume();
    socket.end('bye');
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  t.after(() => server.close());
  await bringUp(router, 1, { port: (server.address() as { port: number }).port } as Parameters<typeof bringUp>[2]);
  const client = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  t.after(() => client.destroy());
  client.on('error', () => {});
  client.write('hello');
  client.resume();
  await once(client, 'end');
  assert.equal(router.openConnections(1), 1, 'the router still holds the half-open connection');
  assert.ok(serverSide !== null);
  const released = once(serverSide as import('node:net').Socket, 'close');
  router.remove(1);
  router.close();
  // The router let go of both sides: the server's connection ends too.
  await released;
});
