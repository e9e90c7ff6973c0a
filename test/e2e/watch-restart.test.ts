// `systemfd watch`: restarts keep the socket, nothing is refused, trees are stopped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { startLoad } from '../helpers/load.js';
import { eventually, isAlive } from '../helpers/process.js';
import { startWatch } from '../helpers/watch.js';

test('an edit restarts the command: new pid, same socket, old one gone, O_NONBLOCK reset', async (t) => {
  const run = await startWatch(t);
  const first = await run.generation(1);
  assert.equal(first.nonblock, false);
  await run.waitFor(/ready/, { stream: 'stdout' });
  assert.equal((await get(`http://127.0.0.1:${run.port}/`)).body, `pid ${first.pid}`);
  run.write('app.js');
  const second = await run.generation(2);
  assert.notEqual(second.pid, first.pid);
  assert.equal(second.inode, first.inode, 'the same socket is handed over');
  assert.equal(second.nonblock, false, 'O_NONBLOCK set by the first generation was cleared: each server gets the socket as a fresh one, blocking');
  assert.equal(isAlive(first.pid), false);
  await run.waitFor(/~> restart \(app\.js changed\) - stopped in \d+ms, started pid \d+/);
  assert.equal((await get(`http://127.0.0.1:${run.port}/`)).body, `pid ${second.pid}`);
});

test('requests sent continuously during several restarts all succeed', async (t) => {
  const run = await startWatch(t);
  await run.generation(1);
  await run.waitFor(/ready/, { stream: 'stdout' });
  const load = startLoad(`http://127.0.0.1:${run.port}/`, { clients: 4 });
  for (let n = 2; n <= 4; n++) {
    run.write('app.js');
    await run.generation(n);
    await run.waitForCount(/ready \d+/, n, { stream: 'stdout' });
  }
  const { sent, failed, pids } = await load.stop();
  assert.deepEqual(failed, [], `${failed.length} of ${sent} failed`);
  assert.ok(pids.size >= 2, `answered by several generations: ${[...pids].join(', ')}`);
});

test('a server that ignores SIGTERM is killed after --stop-timeout and replaced', async (t) => {
  const run = await startWatch(t, { args: ['--stop-timeout', '300ms'], serverArgs: ['--ignore-term'] });
  const first = await run.generation(1);
  run.write('app.js');
  const second = await run.generation(2);
  assert.equal(isAlive(first.pid), false);
  assert.notEqual(second.pid, first.pid);
  await run.waitFor(/restart \(app\.js changed\) - stopped in \d+ms \(killed after --stop-timeout\)/);
});

test('grandchildren of earlier generations are gone after restarts and after Ctrl-C', async (t) => {
  const run = await startWatch(t, { serverArgs: ['--grandchild'] });
  await run.generation(1);
  run.write('app.js');
  await run.generation(2);
  const grandchildren = (await run.waitForCount(/grandchild (\d+)/, 2, { stream: 'stdout' })).map((m) => Number(m[1]));
  await eventually(() => !isAlive(grandchildren[0] as number), { what: 'the first grandchild to be gone' });
  const second = await run.generation(2);
  run.child.kill('SIGINT');
  const { code } = await run.exited;
  assert.equal(code, 0);
  assert.equal(isAlive(second.pid), false);
  assert.equal(isAlive(grandchildren[1] as number), false);
});

test('a command behind `sh -c "node server & wait"` is stopped as a tree', async (t) => {
  const { fixture } = await import('../helpers/paths.js');
  const run = await startWatch(t, { command: ['/bin/sh', '-c', `"${process.execPath}" "${fixture('watch-server.mjs')}" & wait`] });
  const first = await run.generation(1);
  run.write('app.js');
  const second = await run.generation(2);
  assert.equal(isAlive(first.pid), false);
  assert.notEqual(second.pid, first.pid);
});

test('Ctrl-C stops the command and systemfd exits 0; a second Ctrl-C forces', async (t) => {
  const run = await startWatch(t, { args: ['--stop-timeout', '60s'], serverArgs: ['--ignore-term'] });
  const first = await run.generation(1);
  run.child.kill('SIGINT');
  await run.waitFor(/ignoring SIGTERM/, { stream: 'stdout' });
  run.child.kill('SIGINT');
  const { code } = await run.exited;
  assert.equal(code, 0);
  assert.equal(isAlive(first.pid), false);
});

test('rs + Enter restarts by hand', async (t) => {
  const run = await startWatch(t, { stdin: 'pipe' });
  await run.generation(1);
  run.child.stdin?.write('rs\n');
  await run.generation(2);
  await run.waitFor(/~> restart \(manual restart\)/);
});
