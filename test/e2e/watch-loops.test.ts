// Restart loops the command or systemfd's own output would cause: a server that writes a file in
// the tree at start, and `systemfd watch ... > out.txt 2>&1` or `| tee out.txt` in the project.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_DEBOUNCE_MS } from '../../src/launcher/options.js';
import { LOOP_WINDOW_MS } from '../../src/watch/loop-detector.js';
import { cliPath, fixture } from '../helpers/paths.js';
import { eventually, start } from '../helpers/process.js';
import { startWatch, type WatchRun } from '../helpers/watch.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const server = fixture('watch-server.mjs');
/** A server that writes app.db in the watched tree each time it starts. */
const writesAppDb = ['/bin/sh', '-c', `date +%s%N > app.db && exec "${process.execPath}" "${server}"`];
const SILENCED = /app\.db changed right after a start: not restarting/;

function restartReasons(text: string): string[] {
  return [...text.matchAll(/~> restart \((.*?)\) -/g)].map((m) => m[1] as string);
}

test('a server that writes app.db at start is restarted by it 5 times at most, then not by its own writes again', async (t) => {
  const run = await startWatch(t, { command: writesAppDb });
  // The first generation wrote app.db before the watcher was ready; the loop starts with an edit.
  await run.generation(1);
  run.write('app.js');
  await run.waitFor(/~> warning: app\.db changed right after each of the last 5 starts \(the command writes it\?\); its changes in the first 1020ms after a start no longer restart, later ones still do; to ignore it for good: -i app\.db/);
  const loopAt = run.stderr().indexOf('changed right after each');
  // Every generation writes app.db; a change of app.js is the barrier: its restart comes after
  // whatever app.db did, and names app.js alone. Twice, so a generation started after the
  // warning has written app.db too.
  for (let round = 1; round <= 2; round++) {
    const gens = (run.stdout().match(/gen \d+/g) ?? []).length;
    run.write('app.js');
    await run.generation(gens + 1);
    await run.waitForCount(/~> restart \(app\.js changed\) - /, round);
  }
  const after = restartReasons(run.stderr().slice(loopAt));
  assert.deepEqual(after.filter((r) => r !== 'app.js changed').length <= 1, true, `at most the restart in flight at detection: ${JSON.stringify(after)}`);
  assert.deepEqual(after.slice(-2), ['app.js changed', 'app.js changed']);
  assert.equal((run.stderr().match(/changed right after each/g) ?? []).length, 1, 'said once');
});

test('after the loop is broken, the user editing app.db later than right after a start still restarts', async (t) => {
  const run = await startWatch(t, { command: writesAppDb });
  await run.generation(1);
  run.write('app.js');
  await run.waitFor(/~> warning: app\.db changed right after each of the last 5 starts/);
  // The restart in flight at detection settles behind an app.js restart; then the generation
  // that restart started wrote app.db, and that write was silenced.
  const settled = await restartFor(run, 'app.js', () => run.write('app.js'));
  // The rule under test is about time: an edit counts as the user's once the window after the
  // latest start is over. `settled.at` is after that start (its ready line was already out).
  await sleep(settled.at + LOOP_WINDOW_MS + DEFAULT_DEBOUNCE_MS + 300 - Date.now());
  const edited = await restartFor(run, 'app.db', () => run.write('app.db', 'the user edits it\n'));
  // The edit's own restart wrote app.db again, right after its start: silenced, no loop. app.js
  // is the barrier that shows nothing else restarted in between.
  await restartFor(run, 'app.js', () => run.write('app.js'));
  assert.deepEqual(restartReasons(run.stderr().slice(edited.offset)), ['app.db changed', 'app.js changed']);
  assert.equal((run.stderr().match(/changed right after each/g) ?? []).length, 1, 'said once');
});

test('a command that stops writing app.db at start: after 5 whole starts without it, app.db restarts again', async (t) => {
  // app.db is written at start only while `loop-on` exists (ignored, so removing it restarts nothing).
  const command = ['/bin/sh', '-c', `if [ -e loop-on ]; then date +%s%N > app.db; fi; exec "${process.execPath}" "${server}"`];
  const run = await startWatch(t, { command, args: ['-i', 'loop-on'], files: { 'loop-on': '' } });
  await run.generation(1);
  run.write('app.js');
  await run.waitFor(/~> warning: app\.db changed right after each of the last 5 starts/);
  rmSync(join(run.dir, 'loop-on'));
  // From here no start writes app.db. The first of these restarts may cut short the one in flight
  // at detection (which then counts neither way); each later one comes after the window of the
  // one before, so those are the 5 whole starts without app.db.
  for (let round = 1; round <= 6; round++) {
    const { at } = await restartFor(run, 'app.js', () => run.write('app.js'), { silenced: false });
    if (round < 6) await sleep(at + LOOP_WINDOW_MS + DEFAULT_DEBOUNCE_MS + 300 - Date.now());
  }
  assert.equal((run.stderr().match(/~> app\.db did not change right after the last 5 starts; its changes restart again/g) ?? []).length, 1, run.stderr());
  // Forgotten: even right after a start, a change of app.db restarts.
  await restartFor(run, 'app.db', () => run.write('app.db', 'edited\n'), { silenced: false });
});

/**
 * Make a change of `name` with `act` and wait for the restart it causes: the restart line
 * naming it alone and, unless `silenced` is false, the silenced app.db write of the generation
 * it started. Returns where in stderr the wait began and when the restart was seen.
 */
async function restartFor(run: WatchRun, name: string, act: () => void, { silenced = true } = {}): Promise<{ offset: number; at: number }> {
  const offset = run.stderr().length;
  act();
  const [, pid] = await run.waitFor(new RegExp(`~> restart \\(${name.replace('.', '\\.')} changed\\) - .*started pid (\\d+)`), { from: offset });
  const at = Date.now();
  if (silenced) {
    const started = run.stderr().indexOf(`starting pid ${pid} `, offset);
    assert.ok(started >= 0, `a starting line for pid ${pid}`);
    await run.waitFor(SILENCED, { from: started });
  }
  return { offset, at };
}

test('`> out.txt 2>&1` inside the watched tree: our own output never restarts', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'app.js'), '// v0\n');
  const outPath = join(dir, 'out.txt');
  const out = openSync(outPath, 'w');
  // -v: every event becomes a line in out.txt, the worst case for a loop. The command writes a
  // line to the same file at each start.
  const command = ['/bin/sh', '-c', 'echo "child $$"; exec sleep 600'];
  const run = start(process.execPath, [cliPath, 'watch', '-v', '--', ...command], { cwd: dir, stdio: ['ignore', out, out] });
  closeSync(out);
  t.after(() => run.stop());
  const log = () => readFileSync(outPath, 'utf8');
  await eventually(() => /~> watching \./.test(log()) && /child \d+/.test(log()), { what: 'the watcher and the first generation' });
  for (let n = 1; n <= 3; n++) {
    writeFileSync(join(dir, 'app.js'), `// v${n}\n`);
    await eventually(() => restartReasons(log()).length >= n && (log().match(/child \d+/g) ?? []).length > n, { what: `restart ${n}` });
  }
  assert.deepEqual(restartReasons(log()), ['app.js changed', 'app.js changed', 'app.js changed'], log());
  assert.equal((log().match(/ignored \w+ out\.txt: systemfd's own output/g) ?? []).length, 1, 'said once');
});

test('`| tee out.txt` inside the watched tree: the file behind the pipe never restarts', { skip: !hasProc() && 'finding the file behind a pipe needs /proc' }, async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'app.js'), '// v0\n');
  const cmd = `exec "${process.execPath}" "${cliPath}" watch -v -s http::0 -- "${process.execPath}" "${server}" 2>&1 | tee out.txt`;
  const run = start('/bin/sh', ['-c', cmd], { cwd: dir });
  t.after(() => run.stop());
  await run.waitFor(/ready \d+/, { stream: 'stdout' });
  for (let n = 1; n <= 3; n++) {
    writeFileSync(join(dir, 'app.js'), `// v${n}\n`);
    await run.waitForCount(/~> restart \(/, n, { stream: 'stdout' });
    await run.waitForCount(/ready \d+/, n + 1, { stream: 'stdout' });
  }
  assert.deepEqual(restartReasons(run.stdout()), ['app.js changed', 'app.js changed', 'app.js changed']);
  assert.match(readFileSync(join(dir, 'out.txt'), 'utf8'), /~> restart \(app\.js changed\)/);
});

function hasProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
