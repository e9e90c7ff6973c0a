// Builds that fail, commands that crash or do not exist.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { fixture } from '../helpers/paths.js';
import { startWatch } from '../helpers/watch.js';
import { eventually, isAlive } from '../helpers/process.js';

test('a failing build keeps the old server answering; the next change retries', async (t) => {
  const run = await startWatch(t, { args: ['--build', 'test ! -e broken', '-i', 'broken'] });
  const first = await run.generation(1);
  await run.waitFor(/ready/, { stream: 'stdout' });
  writeFileSync(join(run.dir, 'broken'), '');
  run.write('app.js');
  await run.waitFor(/error: build failed: 'test ! -e broken' exited with status 1; the previous server keeps running/);
  assert.equal((await get(`http://127.0.0.1:${run.port}/`)).body, `pid ${first.pid}`);
  (await import('node:fs')).unlinkSync(join(run.dir, 'broken'));
  run.write('app.js');
  const second = await run.generation(2);
  assert.notEqual(second.pid, first.pid);
});

test('a crashed command waits for a change, then starts again', async (t) => {
  const run = await startWatch(t, { serverArgs: ['--exit=3'] });
  await run.generation(1);
  await run.waitFor(/~> command exited with status 3 \(pid \d+\); waiting for a change/);
  run.write('app.js');
  await run.generation(2);
  await run.waitFor(/~> start \(app\.js changed\) - started pid \d+/);
});

test('--restart-on-exit restarts a crashed command with backoff', async (t) => {
  const run = await startWatch(t, { args: ['--restart-on-exit'], serverArgs: ['--exit=1'] });
  await run.generation(3);
  await run.waitFor(/restarting in 100ms[\s\S]*restarting in 200ms/);
});

test('a missing command is reported and retried on the next change', async (t) => {
  const run = await startWatch(t, { command: ['./server.sh'] });
  await run.waitFor(/error: failed to start '\.\/server\.sh': no such file \(ENOENT\)/);
  await run.waitFor(/waiting for a change to try again/);
  writeFileSync(join(run.dir, 'server.sh'), `#!/bin/sh\nexec "${process.execPath}" "${fixture('watch-server.mjs')}"\n`, { mode: 0o755 });
  await run.generation(1);
});

test('a command that exits on its own leaves no background process behind', async (t) => {
  const token = `leftover-${process.pid}-${Date.now()}`;
  // The shell exits once the background process is up (it writes bg.pid, a default-ignored
  // name, after printing its pid): however slow node starts, it is running when its parent exits.
  const bg = `"${process.execPath}" -e "console.log('bg', process.pid); require('fs').writeFileSync('bg.pid', ''); setInterval(() => {}, 1e9)" ${token}`;
  const run = await startWatch(t, { command: ['/bin/sh', '-c', `${bg} & until [ -e bg.pid ]; do sleep 0.05; done; exit 1`] });
  const [, pid] = await run.waitFor(/bg (\d+)/, { stream: 'stdout' });
  t.after(() => { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } });
  await run.waitFor(/command exited with status 1/);
  await eventually(() => !isAlive(Number(pid)), { what: 'the background process of the crashed command to be stopped' });
});

test('with --no-stdin and no running command, systemfd keeps waiting for changes', async (t) => {
  const run = await startWatch(t, { args: ['--no-stdin'], serverArgs: ['--exit=0'] });
  await run.generation(1);
  await run.waitFor(/command exited with status 0 \(pid \d+\); waiting for a change/);
  run.write('app.js');
  await run.generation(2);
});

test('SIGTERM during a long build stops the build and exits promptly', async (t) => {
  const run = await startWatch(t, { args: ['--build', 'echo build-started; sleep 60'] });
  await run.waitFor(/build-started/, { stream: 'stdout' });
  const started = Date.now();
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 10_000, 'did not wait for the 60 s build');
});
