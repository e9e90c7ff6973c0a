// Restart loops the command or systemfd's own output would cause: a server that writes a file in
// the tree at start, and `systemfd watch ... > out.txt 2>&1` or `| tee out.txt` in the project.
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliPath, fixture } from '../helpers/paths.js';
import { eventually, start } from '../helpers/process.js';
import { startWatch } from '../helpers/watch.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const server = fixture('watch-server.mjs');

function restartReasons(text: string): string[] {
  return [...text.matchAll(/~> restart \((.*?)\) -/g)].map((m) => m[1] as string);
}

test('a server that writes app.db at start is restarted by it 3 times at most, then never again', async (t) => {
  const run = await startWatch(t, { command: ['/bin/sh', '-c', `date +%s%N > app.db && exec "${process.execPath}" "${server}"`] });
  // The first generation wrote app.db before the watcher was ready; the loop starts with an edit.
  await run.generation(1);
  run.write('app.js');
  await run.waitFor(/~> warning: app\.db changed right after each of the last 3 starts \(the command writes it\?\); not restarting for it any more; silence this with: -i app\.db/);
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
