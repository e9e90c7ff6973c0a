/**
 * Running out of OS watches is not fatal: one warning naming the limit and the
 * directory, then the directories that could not be watched are polled. The limit is simulated
 * with WatchTuning.maxWatches, which throws the same ENOSPC error inotify_add_watch gives.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { countInotifyWatches, startWatcher } from './watch-harness.js';

test('hitting the watch limit warns once, then polls what could not be watched', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  for (const dir of ['a', 'b', 'c', 'c/d']) {
    mkdirSync(join(cwd, dir), { recursive: true });
    writeFileSync(join(cwd, dir, 'f.ts'), '1');
  }
  const before = countInotifyWatches();
  const w = await startWatcher(t, cwd, {}, { backend: 'directories', maxWatches: 2, fallbackPollMs: 100 });
  assert.equal(w.watcher.watchCount(), 2, 'two directories got a watch');
  if (before !== null) assert.equal((countInotifyWatches() ?? 0) - before, 2);
  const warnings = w.events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
  assert.equal(warnings.length, 1, `one warning, not one per directory: ${JSON.stringify(warnings)}`);
  assert.match(warnings[0] ?? '', /^cannot watch \S+: the inotify watch limit is reached \(simulated limit = 2\); polling what cannot be watched every 100ms/);
  assert.deepEqual(w.events.filter((e) => e.type === 'error'), []);
  // Every directory still reports changes: the watched ones by events, the others by polling.
  for (const dir of ['a', 'b', 'c', 'c/d']) writeFileSync(join(cwd, dir, 'f.ts'), 'changed, and longer');
  for (const dir of ['a', 'b', 'c', 'c/d']) await w.waitForChange(`${dir}/f.ts`, 'change');
  // New files and directories inside polled directories are found too.
  mkdirSync(join(cwd, 'c/d/e'));
  writeFileSync(join(cwd, 'c/d/e/new.ts'), 'x');
  await w.waitForChange('c/d/e/new.ts', 'add');
  writeFileSync(join(cwd, 'c/d/e/new.ts'), 'xy');
  await w.waitForChange('c/d/e/new.ts', 'change');
  assert.equal(w.events.filter((e) => e.type === 'warning').length, 1);
});

test('with no watch at all every directory is polled', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  mkdirSync(join(cwd, 'src'));
  writeFileSync(join(cwd, 'src/app.ts'), '1');
  const w = await startWatcher(t, cwd, {}, { backend: 'directories', maxWatches: 0, fallbackPollMs: 100 });
  assert.equal(w.watcher.watchCount(), 0);
  assert.equal(w.events.filter((e) => e.type === 'warning').length, 1);
  writeFileSync(join(cwd, 'src/app.ts'), '22');
  await w.waitForChange('src/app.ts', 'change');
  writeFileSync(join(cwd, 'src/.app.ts.swp'), 'x');
  writeFileSync(join(cwd, 'src/b.ts'), 'x');
  await w.waitForChange('src/b.ts', 'add');
  await w.waitFor('swap file ignored', () => w.ignored().some((i) => i.change.path === 'src/.app.ts.swp'));
  assert.ok(!w.changes().some((c) => c.path === 'src/.app.ts.swp'));
});
