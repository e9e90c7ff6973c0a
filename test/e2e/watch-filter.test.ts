// What counts as a change: ignores, extensions, .gitignore, runtime files, bursts.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startWatch } from '../helpers/watch.js';

/** `~> restart (...)` reasons, in order. */
function restartReasons(stderr: string): string[] {
  return [...stderr.matchAll(/~> restart \((.*?)\) -/g)].map((m) => m[1] as string);
}

test('ignored paths, other extensions, .gitignore\'d and runtime files do not restart', async (t) => {
  const run = await startWatch(t, { args: ['-e', 'js,db', '-i', 'logs/**'], files: { '.gitignore': 'generated.js\n' } });
  await run.generation(1);
  mkdirSync(join(run.dir, 'logs'));
  mkdirSync(join(run.dir, 'node_modules'));
  writeFileSync(join(run.dir, 'notes.md'), '1');
  writeFileSync(join(run.dir, 'generated.js'), '1');
  writeFileSync(join(run.dir, 'app.js.swp'), '1');
  writeFileSync(join(run.dir, 'server.log'), '1');
  writeFileSync(join(run.dir, 'app.db-journal'), '1');
  writeFileSync(join(run.dir, 'app.db-wal'), '1');
  // -v names every ignored event with its reason: wait for each, then make the relevant change.
  await run.waitFor(/~> ignored addDir logs: matches ignore glob "logs\/\*\*"/);
  await run.waitFor(/~> ignored addDir node_modules: default ignore "node_modules"/);
  await run.waitFor(/~> ignored add notes\.md: extension not in js,db/);
  await run.waitFor(/~> ignored add generated\.js: matches \.gitignore rule "generated\.js"/);
  await run.waitFor(/~> ignored add app\.js\.swp: default ignore "\*\.swp"/);
  await run.waitFor(/~> ignored add server\.log: default ignore "\*\.log"/);
  await run.waitFor(/~> ignored add app\.db-journal: default ignore "\*-journal"/);
  await run.waitFor(/~> ignored add app\.db-wal: default ignore "\*-wal"/);
  run.write('app.js');
  await run.generation(2);
  await run.waitFor(/~> restart \(app\.js changed\) - /);
  assert.deepEqual(restartReasons(run.stderr()), ['app.js changed']);
});

test('a burst of 500 file writes makes exactly one restart, and a later change one more', async (t) => {
  const run = await startWatch(t, { args: ['--debounce', '300ms'], setup: (dir) => mkdirSync(join(dir, 'src')) });
  await run.generation(1);
  for (let i = 0; i < 500; i++) writeFileSync(join(run.dir, 'src', `f${i}.js`), `${i}`);
  await run.generation(2);
  await run.waitFor(/~> restart \(src\/f0\.js and 499 more added\) - /);
  // Had the burst been split, its rest would restart again (or be named with app.js below).
  run.write('app.js');
  await run.generation(3);
  await run.waitFor(/~> restart \(app\.js changed\) - /);
  assert.deepEqual(restartReasons(run.stderr()), ['src/f0.js and 499 more added', 'app.js changed']);
});
