// The real CLI (dist/src/cli.js) run by Windows node under Wine, handing sockets over the RPC
// protocol to a Windows node child (test/fixtures/win-http-server.mjs) that serves requests
// sent from Linux.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, fixture } from '../helpers/paths.js';
import { get } from '../helpers/http.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { findWine, killWineProcesses, requireWine, startWine, windowsPath } from './wine-harness.js';

after(() => { const s = findWine(); if (!('reason' in s)) killWineProcesses(s); });

function udpRoundTrip(port: number, text: string): Promise<string> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.close(); reject(new Error('no UDP reply')); }, 10_000);
    socket.on('message', (msg) => { clearTimeout(timer); socket.close(); resolve(String(msg)); });
    socket.send(text, port, '127.0.0.1');
  });
}

/** A raw RPC client from Linux: write `request`, optionally half-close, read to the end. */
function rpcExchange(address: string, request: string, { halfClose = true, reset = false } = {}): Promise<{ bytes: number; error?: string }> {
  const [host = '', port = ''] = address.split(':');
  return new Promise((resolve) => {
    let bytes = 0;
    let error: string | undefined;
    const socket = connect({ host, port: Number(port) }, () => {
      if (reset) { socket.write(request); socket.resetAndDestroy(); return; }
      if (halfClose) socket.end(request); else socket.write(request);
    });
    socket.on('data', (d: Buffer) => (bytes += d.length));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code));
    socket.on('close', () => resolve({ bytes, ...(error ? { error } : {}) }));
  });
}

test('one-shot: two TCP sockets (IPv4 http, IPv6) and a UDP socket reach a Windows child; its exit status is mirrored', async (t) => {
  const setup = requireWine(t);
  if (!setup) return;
  const run = startWine(t, setup, [cliPath, '-s', 'http::0', '-s', 'tcp::[::1]:0', '-s', 'udp::0', '--', setup.nodeExe, fixture('win-http-server.mjs')], {
    env: { EXIT_AFTER: '2', EXIT_CODE: '7' },
  });
  const [, pid, portList] = await run.waitFor(/READY (\d+) ([\d,]+)/);
  const [http4, tcp6, udp] = (portList ?? '').split(',').map(Number);
  const info = run.stderr();
  assert.match(info, new RegExp(`~> socket http://127\\.0\\.0\\.1:${http4}/ -> fd #\\d+`));
  assert.match(info, new RegExp(`~> socket \\[::1\\]:${tcp6} \\(tcp listener\\) -> fd #\\d+`));
  assert.match(info, new RegExp(`~> socket 127\\.0\\.0\\.1:${udp} \\(udp\\) -> fd #\\d+`));
  assert.equal(await udpRoundTrip(udp!, 'ping'), `echo ping from ${pid}`);
  const a = await get(`http://127.0.0.1:${http4}/`);
  assert.equal(a.body, `hello from pid ${pid} on ${http4} socket #0\n`);
  const b = await get(`http://[::1]:${tcp6}/`);
  assert.equal(b.body, `hello from pid ${pid} on ${tcp6} socket #1\n`);
  const { code } = await run.exited;
  assert.equal(code, 7, run.stderr());
});

test('a unix socket spec is refused on Windows with a clear error', async (t) => {
  const setup = requireWine(t);
  if (!setup) return;
  const run = startWine(t, setup, [cliPath, '-s', 'unix::./x.sock', '--', setup.nodeExe, '-e', '0']);
  const { code } = await run.exited;
  assert.notEqual(code, 0);
  assert.match(run.stderr(), /cannot use unix sockets on windows/);
});

test('bad RPC clients from Linux get nothing and do not break the hand-off that follows', async (t) => {
  const setup = requireWine(t);
  if (!setup) return;
  const dir = makeTempDir(t);
  const go = join(dir, 'go');
  const run = startWine(t, setup, [cliPath, '-s', 'http::0', '--', setup.nodeExe, fixture('win-http-server.mjs')], {
    env: { WAIT_FOR_FILE: windowsPath(go), EXIT_AFTER: '1' },
  });
  const [, server = '', secret = ''] = await run.waitFor(/RPC (127\.0\.0\.1:\d+) ([0-9a-f-]{36})/);
  // A slow-loris client that never finishes, held open during everything below.
  const loris = rpcExchange(server, secret.slice(0, 8), { halfClose: false });
  const bad = await Promise.all([
    rpcExchange(server, `${crypto.randomUUID()}|1234`),
    rpcExchange(server, `${secret}|1234\n`),
    rpcExchange(server, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
    rpcExchange(server, `${secret}|abc`),
    rpcExchange(server, 'x'.repeat(10_000), { halfClose: false }),
    rpcExchange(server, `${secret}|12`, { reset: true }),
    ...Array.from({ length: 30 }, (_, i) => rpcExchange(server, `garbage ${i}`)),
  ]);
  for (const reply of bad) assert.equal(reply.bytes, 0);
  // The right secret for a pid that does not exist: WSADuplicateSocketW fails, nothing is sent.
  assert.equal((await rpcExchange(server, `${secret}|2147483000`)).bytes, 0);
  writeFileSync(go, '');
  const [, pid, port] = await run.waitFor(/READY (\d+) (\d+)/);
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.equal(reply.body, `hello from pid ${pid} on ${port} socket #0\n`);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  assert.equal((await loris).bytes, 0);
});
