// The preload's drain loses nothing, however the server took the socket (the preload's
// listen(PORT), the LISTEN_FDS idiom listen({ fd: 3 })), with fresh and kept-alive connections
// and slow handlers, under both restart policies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { startLoad } from '../helpers/load.js';
import { eventually } from '../helpers/process.js';
import { startGenerations } from './generations-harness.js';

const skip = process.platform === 'win32' ? 'the preload is POSIX-only' : false;
const RESTARTS = 3;

const cases = [
  { name: 'listen(PORT), replace', args: [], serverArgs: ['--slow=30'] },
  { name: 'listen({ fd: 3 }), replace', args: [], serverArgs: ['--fd3', '--slow=30'] },
  { name: 'listen(PORT), overlap', args: ['--overlap'], serverArgs: ['--slow=30'] },
  { name: 'listen({ fd: 3 }), overlap', args: ['--overlap'], serverArgs: ['--fd3', '--slow=30'] },
];

for (const { name, args, serverArgs } of cases) {
  test(`${name}: keep-alive and fresh clients lose no request across restarts`, { skip }, async (t) => {
    const run = await startGenerations(t, { args, serverArgs });
    await run.waitFor(/~> start \(first run\) - started pid \d+, ready in/);
    const kept = startLoad(run.url, { clients: 6, keepAlive: true });
    const fresh = startLoad(run.url, { clients: 2 });
    for (let n = 1; n <= RESTARTS; n++) {
      run.write(`v${n}`);
      await run.waitForCount(/~> restart \(app\.js changed\)/, n);
      // Let requests flow against the new generation (and the old one's drain) before the next.
      await run.waitForCount(/listening \d+/, n + 1, { stream: 'stdout' });
    }
    await eventually(async () => (await get(run.url)).body.startsWith(`v${RESTARTS} `), { what: 'the last version to answer' });
    const [a, b] = [await kept.stop(), await fresh.stop()];
    assert.deepEqual([...a.failed, ...b.failed], [], `no request failed (of ${a.sent + b.sent})`);
    assert.ok(a.pids.size >= 2, `kept-alive clients moved to new generations (${[...a.pids].join(', ')})`);
  });
}
