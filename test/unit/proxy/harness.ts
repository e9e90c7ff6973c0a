// Real sockets for the router tests: a public listener as the session has it, upstream Node
// servers on kernel-picked loopback ports, and raw clients.
import { once } from 'node:events';
import { createServer as createHttpServer, request, type Agent, type Server as HttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { TestContext } from 'node:test';
import { ProxyRouter, type RouterOptions } from '../../../src/proxy/router.js';
import { waitUntilAccepting } from '../../../src/proxy/probe.js';
import type { Reply } from '../../helpers/http.js';

export async function publicListener(t: TestContext): Promise<{ server: Server; port: number }> {
  // The same options adopt-listener.ts uses for the session's sockets.
  const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
  server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
  await once(server, 'listening');
  t.after(() => server.close());
  return { server, port: (server.address() as AddressInfo).port };
}

export async function makeRouter(t: TestContext, options: Omit<RouterOptions, 'listeners'> & { kind?: 'http' | 'tcp' } = {}): Promise<{ router: ProxyRouter; port: number; url: string }> {
  const { server, port } = await publicListener(t);
  const router = new ProxyRouter({ listeners: [{ server, kind: options.kind ?? 'http' }], ...options });
  t.after(() => router.close());
  return { router, port, url: `http://127.0.0.1:${port}/` };
}

/** A Node HTTP server answering `name`; tracks its open sockets so a test can kill them. */
export interface Upstream {
  server: HttpServer;
  port: number;
  connections: Set<Socket>;
  /** Requests answered so far, and the distinct connections they came on (the probe's has none). */
  requests: number;
  requestSockets: Set<Socket>;
  /** What a server without graceful shutdown does when it is stopped: every socket dies. */
  kill(): Promise<void>;
}

export function upstream(t: TestContext, name: string, options: { delayMs?: number } = {}): Promise<Upstream> {
  return upstreamOn(t, name, 0, options);
}

/** The same on a given port (a generation's private port from the hand-off). */
export async function upstreamOn(t: TestContext, name: string, port: number, { delayMs = 0 } = {}): Promise<Upstream> {
  const server = createHttpServer((req, res) => {
    result.requests++;
    result.requestSockets.add(req.socket);
    const reply = () => res.end(name);
    // unref: a request left hanging on purpose must not keep the test process alive.
    if (delayMs > 0) setTimeout(reply, delayMs).unref();
    else reply();
  });
  const result: Upstream = {
    server,
    port: 0,
    connections: new Set(),
    requests: 0,
    requestSockets: new Set(),
    kill: async () => {
      for (const socket of result.connections) socket.resetAndDestroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (socket) => {
    result.connections.add(socket);
    socket.once('close', () => result.connections.delete(socket));
  });
  server.listen({ host: '127.0.0.1', port });
  await once(server, 'listening');
  result.port = (server.address() as AddressInfo).port;
  t.after(() => (server.listening ? result.kill() : undefined));
  return result;
}

/** Register, probe and activate a generation the way the proxied hand-off does. */
export async function bringUp(router: ProxyRouter, generation: number, server: Upstream): Promise<void> {
  router.add(generation, { ports: [server.port] });
  const host = await waitUntilAccepting(server.port, { signal: new AbortController().signal });
  if (host === null) throw new Error('probe aborted');
  router.setHost(generation, host);
  router.activate(generation);
}

/** helpers/http.ts's get(), through a given (keep-alive) agent. */
export function getWith(agent: Agent, url: string, { timeout = 20_000 } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ ok: res.statusCode === 200, status: res.statusCode as number, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, body, error: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, body: '', error: e.code ?? e.message }));
    req.end();
  });
}

/** A raw client that sends one HTTP/1.0-style request and collects the whole answer. */
export function rawRequest(port: number): { done: Promise<{ data: string; error?: string }>; socket: Socket } {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  let data = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  const done = new Promise<{ data: string; error?: string }>((resolve) => {
    socket.once('error', (e: NodeJS.ErrnoException) => resolve({ data, error: e.code ?? e.message }));
    socket.once('close', () => resolve({ data }));
  });
  return { done, socket };
}
