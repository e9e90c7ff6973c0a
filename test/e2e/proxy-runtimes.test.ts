// Proxy mode with real runtimes that cannot adopt a socket (Bun, Deno) and a server that binds
// its own port (Python's http.server): restarts under load lose no request, WebSockets work and
// are closed cleanly at a restart, and a crashed server's clients wait for its restart.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { get } from '../helpers/http.js';
import { startLoad } from '../helpers/load.js';
import { eventually } from '../helpers/process.js';
import { startWatch, type WatchRun } from '../helpers/watch.js';
import { openWebSocket, runtime, SERVERS } from './proxy-harness.js';

const bun = runtime('bun');
const deno = runtime('deno');
const python = runtime('python3');

async function restartsUnderLoad(t: TestContext, run: WatchRun, restarts: number): Promise<void> {
  const url = `http://127.0.0.1:${run.port}/`;
  await eventually(async () => (await get(url)).ok, { what: 'the first generation to serve' });
  const load = startLoad(url, { clients: 4 });
  t.after(() => load.stop());
  let served = (await get(url)).body;
  for (let i = 1; i <= restarts; i++) {
    run.write('app.js');
    await run.waitForCount(/~> restart \(/g, i);
    const before = served;
    await eventually(async () => ((served = (await get(url)).body) !== before), { what: `generation ${i + 1} to serve` });
  }
  const { sent, failed, pids } = await load.stop();
  assert.deepEqual(failed, [], `${failed.length} of ${sent} requests failed`);
  assert.ok(pids.size >= restarts + 1, `served by ${pids.size} generations`);
}

test('Bun.serve: detected without --proxy, one line says why; restarts under load, 0 failed', { skip: bun.skip }, async (t) => {
  const run = await startWatch(t, { command: [bun.path, 'server.ts'], files: { 'server.ts': SERVERS.bunServe } });
  await run.waitFor(/~> bun cannot adopt an inherited socket: proxying 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+/);
  assert.match(run.stderr(), /~> socket http:\/\/127\.0\.0\.1:\d+\/ -> proxied to the command's \$PORT/);
  await restartsUnderLoad(t, run, 3);
});

test("Bun's node:http (which ignores listen({ fd })): restarts under load, 0 failed", { skip: bun.skip }, async (t) => {
  const run = await startWatch(t, { command: [bun.path, 'server.mjs'], files: { 'server.mjs': SERVERS.bunNodeHttp } });
  await restartsUnderLoad(t, run, 3);
});

test('Deno.serve: detected; restarts under load, 0 failed', { skip: deno.skip }, async (t) => {
  const run = await startWatch(t, { command: [deno.path, 'run', '--allow-net', '--allow-env', 'server.ts'], files: { 'server.ts': SERVERS.denoServe } });
  await run.waitFor(/~> deno cannot adopt an inherited socket: proxying/);
  await restartsUnderLoad(t, run, 3);
});

test("Python's http.server with --proxy (no graceful shutdown of its own): restarts under load, 0 failed", { skip: python.skip }, async (t) => {
  const run = await startWatch(t, { args: ['--proxy'], command: [python.path, 'server.py'], files: { 'server.py': SERVERS.python } });
  await run.waitFor(/~> proxying 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+/);
  await restartsUnderLoad(t, run, 3);
});

test('a WebSocket through the proxy works while the server is up and is closed cleanly at a restart', { skip: bun.skip }, async (t) => {
  const run = await startWatch(t, { command: [bun.path, 'server.ts'], files: { 'server.ts': SERVERS.bunServe } });
  const url = `http://127.0.0.1:${run.port}/`;
  await eventually(async () => (await get(url)).ok, { what: 'the server to serve' });
  const ws = await openWebSocket(run.port);
  t.after(() => ws.socket.destroy());
  assert.equal(await ws.send('one'), 'one');
  assert.equal(await ws.send('two'), 'two');
  run.write('app.js');
  // A clean close (FIN), not a reset and not a hang.
  assert.deepEqual(await ws.closed, {});
  await run.waitFor(/~> restart \(/);
  const again = await openWebSocket(run.port);
  t.after(() => again.socket.destroy());
  assert.equal(await again.send('after'), 'after');
});

test('--restart-on-exit: clients are held while a crashed server is restarted (0 failed)', { skip: bun.skip }, async (t) => {
  const run = await startWatch(t, { args: ['--restart-on-exit'], command: [bun.path, 'server.ts'], files: { 'server.ts': SERVERS.bunCrashing } });
  const url = `http://127.0.0.1:${run.port}/`;
  const first = await get(url);
  assert.equal(first.ok, true);
  await get(`${url}crash`);
  await run.waitFor(/~> command exited with status 3/);
  // The next server boots for 400 ms: these requests arrive while nothing listens.
  const during = await Promise.all(Array.from({ length: 20 }, () => get(url)));
  assert.deepEqual(during.filter((reply) => !reply.ok), []);
  assert.ok(during.every((reply) => reply.body !== first.body), 'served by the restarted server');
});
