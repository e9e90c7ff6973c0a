/**
 * The 'recursive' backend (macOS FSEvents / Windows ReadDirectoryChangesW through
 * fs.watch(root, { recursive: true })). Node also implements recursive watching on Linux, so the
 * same code path runs here: one OS handle per root, events from ignored directories dropped.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startWatcher } from './watch-harness.js';

test('recursive backend: one handle per root; changes, new dirs, deletions; ignored dirs stay silent', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  mkdirSync(join(cwd, 'src/lib'), { recursive: true });
  mkdirSync(join(cwd, 'node_modules/dep'), { recursive: true });
  writeFileSync(join(cwd, 'src/lib/a.ts'), '1');
  const w = await startWatcher(t, cwd, {}, { backend: 'recursive' });
  assert.equal(w.watcher.backend, 'recursive');
  assert.equal(w.watcher.watchCount(), 1);
  writeFileSync(join(cwd, 'src/lib/a.ts'), '2');
  await w.waitForChange('src/lib/a.ts', 'change');
  mkdirSync(join(cwd, 'src/new'));
  writeFileSync(join(cwd, 'src/new/b.ts'), '1');
  await w.waitForChange('src/new/b.ts', 'add');
  writeFileSync(join(cwd, 'node_modules/dep/index.js'), '1');
  rmSync(join(cwd, 'src/lib'), { recursive: true });
  await w.waitForChange('src/lib', 'unlinkDir');
  writeFileSync(join(cwd, 'src/new/b.ts'), 'barrier');
  await w.waitForChange('src/new/b.ts', 'change');
  assert.ok(!w.changes().some((c) => c.path.startsWith('node_modules')), JSON.stringify(w.changes()));
  assert.equal(w.watcher.watchCount(), 1);
});
