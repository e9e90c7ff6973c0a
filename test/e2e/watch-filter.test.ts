// What counts as a change (issue 3): ignores, extensions, .gitignore, bursts.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startWatch } from '../helpers/watch.js';

test('ignored paths, other extensions and .gitignore\'d files do not restart', async (t) => {
  const run = await startWatch(t, { args: ['-e', 'js', '-i', 'logs/**'], files: { '.gitignore': 'generated.js\n' } });
  await run.generation(1);
  mkdirSync(join(run.dir, 'logs'));
  mkdirSync(join(run.dir, 'node_modules'));
  writeFileSync(join(run.dir, 'logs', 'x.js'), '1');
  writeFileSync(join(run.dir, 'notes.md'), '1');
  writeFileSync(join(run.dir, 'generated.js'), '1');
  writeFileSync(join(run.dir, 'node_modules', 'dep.js'), '1');
  writeFileSync(join(run.dir, 'app.js.swp'), '1');
  // The relevant change comes last: the restart must name it alone.
  await new Promise((r) => setTimeout(r, 300));
  run.write('app.js');
  await run.generation(2);
  await run.waitFor(/~> restart \(app\.js changed\)/);
  assert.equal(run.restarts(), 1);
});

test('a burst of 500 file writes makes exactly one restart', async (t) => {
  const run = await startWatch(t, { args: ['--debounce', '300ms'] });
  await run.generation(1);
  mkdirSync(join(run.dir, 'src'));
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 500; i++) writeFileSync(join(run.dir, 'src', `f${i}.js`), `${i}`);
  await run.generation(2);
  await run.waitFor(/~> restart \(src\/f0\.js and 499 more added\)|~> restart \(src and 500 more/);
  // A later, separate change restarts once more: the burst was one restart, not 500 queued.
  await new Promise((r) => setTimeout(r, 600));
  run.write('app.js');
  await run.generation(3);
  await run.waitFor(/~> restart \(app\.js changed\)/);
  assert.equal(run.restarts(), 2);
});
