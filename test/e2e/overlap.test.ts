// `systemfd watch --overlap` with real processes: the next generation starts beside the serving
// one and takes over when ready; a broken change leaves the old one serving; a change during a
// pending switch replaces the pending generation; stopping systemfd mid-switch leaves nothing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { startLoad } from '../helpers/load.js';
import { eventually, isAlive } from '../helpers/process.js';
import { startGenerations } from './generations-harness.js';

const skip = process.platform === 'win32' ? 'the preload and NOTIFY_SOCKET are POSIX-only' : false;
const RESTART = /~> restart \((?:app\.js changed)\) - started pid (\d+), ready in [\d.]+m?s; pid (\d+) draining/g;

test('an unmodified server under load: each change switches once the new one is ready, no request fails', { skip }, async (t) => {
  const run = await startGenerations(t, { args: ['--overlap'], serverArgs: ['--boot=300'] });
  await run.waitFor(/~> start \(first run\) - started pid \d+, ready in [\d.]+m?s/);
  const fresh = startLoad(run.url, { clients: 2 });
  const kept = startLoad(run.url, { clients: 4, keepAlive: true });
  for (let n = 1; n <= 3; n++) {
    run.write(`v${n}`);
    await run.waitForCount(RESTART, n);
    // The old one stops accepting as soon as its stop signal arrives, right after the line.
    await eventually(async () => (await get(run.url)).body.startsWith(`v${n} `), { what: `v${n} to answer new connections` });
  }
  const [a, b] = [await fresh.stop(), await kept.stop()];
  assert.deepEqual([...a.failed, ...b.failed], [], 'no request failed');
  assert.ok(a.sent + b.sent > 50, `requests were sent (${a.sent + b.sent})`);
  const [, newPid, oldPid] = [...run.stderr().matchAll(RESTART)][2] as RegExpMatchArray;
  assert.notEqual(newPid, oldPid);
  await eventually(() => !isAlive(Number(oldPid)), { what: 'the drained generation to exit' });
});

test('a change that breaks the server: the old one keeps serving, the next change switches', { skip }, async (t) => {
  const run = await startGenerations(t, { args: ['--overlap'] });
  const first = await run.boot(1);
  await run.waitFor(/~> start \(first run\)/);
  const load = startLoad(run.url, { clients: 3 });
  run.write('BROKEN');
  await run.waitFor(new RegExp(`~> pid \\d+ exited with status 1 before it was ready; still serving pid ${first.pid}`));
  assert.equal((await get(run.url)).body, `v0 ${first.pid}`);
  const during = await load.stop();
  assert.deepEqual(during.failed, []);
  assert.deepEqual([...during.pids], [`v0 ${first.pid}`], 'only the old version answered');
  run.write('v1');
  await run.waitForCount(RESTART, 1);
  await eventually(async () => (await get(run.url)).body.startsWith('v1 '), { what: 'v1 to answer' });
});

test('a change during a pending switch replaces the pending generation; the serving one stays', { skip }, async (t) => {
  const run = await startGenerations(t, { args: ['--overlap'], serverArgs: ['--boot=1500'] });
  const first = await run.boot(1);
  await run.waitFor(/~> start \(first run\)/);
  run.write('v1');
  const pending = await run.boot(2);
  run.write('v2');
  const third = await run.boot(3);
  await eventually(() => !isAlive(pending.pid), { what: 'the replaced generation to be stopped' });
  assert.equal((await get(run.url)).body, `v0 ${first.pid}`, 'generation 1 still serves');
  const [line] = await run.waitForCount(RESTART, 1);
  assert.equal(line?.[1], String(third.pid));
  assert.equal(line?.[2], String(first.pid));
  assert.doesNotMatch(run.stderr(), new RegExp(`started pid ${pending.pid}`), 'the replaced one never switched in');
});

test('systemfd stopped during a switch stops both generations and leaves nothing behind', { skip }, async (t) => {
  const run = await startGenerations(t, { args: ['--overlap'], serverArgs: ['--boot=5000'] });
  await run.waitFor(/~> start \(first run\)/, { timeout: 30_000 });
  const first = await run.boot(1);
  run.write('v1');
  const second = await run.boot(2);
  assert.ok(second.notify !== '' && existsSync(second.notify), 'the generation has a NOTIFY_SOCKET');
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  assert.equal(code, 0);
  assert.equal(isAlive(first.pid), false, 'the serving generation is gone');
  assert.equal(isAlive(second.pid), false, 'the starting generation is gone');
  assert.equal(existsSync(dirname(second.notify)), false, 'the run directory is removed');
});

test('a generation that dies on a port systemfd does not hold: the line names the port', { skip }, async (t) => {
  const { kernelPort } = await import('./generations-harness.js');
  const extra = await kernelPort();
  const run = await startGenerations(t, { args: ['--overlap'], serverArgs: [`--extra-port=${extra}`] });
  const first = await run.boot(1);
  await run.waitFor(/~> start \(first run\)/);
  run.write('v1');
  await run.waitFor(new RegExp(`~> warning: pid \\d+ could not listen on 127\\.0\\.0\\.1:${extra} \\(EADDRINUSE\\); the running generation holds it`));
  await run.waitFor(new RegExp(`still serving pid ${first.pid}`));
});

test('an inspector port the serving generation holds: the new generation is named, with what to do', { skip }, async (t) => {
  const { kernelPort } = await import('./generations-harness.js');
  const inspect = await kernelPort();
  const { fixture } = await import('../helpers/paths.js');
  const run = await startGenerations(t, { args: ['--overlap'], command: [process.execPath, `--inspect=127.0.0.1:${inspect}`, fixture('gen-server.mjs')] });
  await run.boot(1);
  await run.waitFor(/~> start \(first run\)/);
  run.write('v1');
  const second = await run.boot(2);
  await run.waitFor(new RegExp(`~> warning: pid ${second.pid} could not start its inspector on 127\\.0\\.0\\.1:${inspect}; another generation holds that port`));
});
