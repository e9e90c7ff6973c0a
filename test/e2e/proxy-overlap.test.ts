// Proxy mode with --overlap: generation N+1 gets its own private port, new connections move to
// it once it accepts, N's open connections finish, then N is stopped. With a server that takes
// 300 ms to start, no client waits that start: 0 failed, at most one slow request per restart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { eventually } from '../helpers/process.js';
import { startWatch } from '../helpers/watch.js';
import { runtime } from './proxy-harness.js';

const bun = runtime('bun');
const { skip } = bun;

const SLOW_BUN_SERVER = `
await new Promise((resolve) => setTimeout(resolve, 300));
Bun.serve({ port: Number(process.env.PORT), fetch: () => new Response(String(process.pid)) });
`;

test('--overlap through the proxy: restarts of a slow-starting Bun server under load, 0 failed, no client waits a start', { skip }, async (t) => {
  const run = await startWatch(t, { args: ['--overlap'], command: [bun.path, 'server.ts'], files: { 'server.ts': SLOW_BUN_SERVER } });
  const url = `http://127.0.0.1:${run.port}/`;
  await eventually(async () => (await get(url)).ok, { what: 'the first generation to serve' });
  let running = true;
  const failed: string[] = [];
  const latencies: number[] = [];
  let served = '';
  const clients = Array.from({ length: 4 }, async () => {
    while (running) {
      const sentAt = performance.now();
      const reply = await get(url);
      latencies.push(performance.now() - sentAt);
      if (reply.ok) served = reply.body;
      else failed.push(reply.error ?? String(reply.status));
    }
  });
  const restarts = 3;
  for (let i = 1; i <= restarts; i++) {
    const before = served;
    run.write('app.js');
    await eventually(() => served !== before && served !== '', { what: `generation ${i + 1} to serve` });
  }
  running = false;
  await Promise.all(clients);
  assert.deepEqual(failed, []);
  const slow = latencies.filter((ms) => ms > 150).length;
  assert.ok(slow <= restarts, `${slow} requests over 150 ms in ${restarts} restarts (${latencies.length} requests)`);
});
