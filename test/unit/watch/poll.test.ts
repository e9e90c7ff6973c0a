/** `--poll`: chokidar with usePolling behind the same interface and the same matcher. */
import assert from 'node:assert/strict';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startWatcher } from './watch-harness.js';

test('poll mode (chokidar usePolling) reports changes and applies the matcher', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  mkdirSync(join(cwd, 'src'));
  mkdirSync(join(cwd, 'node_modules/dep'), { recursive: true });
  writeFileSync(join(cwd, 'src/app.ts'), '1');
  writeFileSync(join(cwd, 'src/notes.md'), '1');
  writeFileSync(join(cwd, 'node_modules/dep/index.js'), '1');
  const w = await startWatcher(t, cwd, { poll: 50, exts: ['ts'] });
  assert.equal(w.watcher.backend, 'chokidar-poll');
  const watched = w.watcher.watchCount();
  assert.ok(watched > 0 && watched <= 4, `node_modules and .md files not polled (${watched})`);
  writeFileSync(join(cwd, 'node_modules/dep/index.js'), '2');
  writeFileSync(join(cwd, 'src/notes.md'), '2');
  // Polling compares stats: rewrite (growing) until the change shows up, as a user would.
  let size = 1;
  const rewrite = setInterval(() => writeFileSync(join(cwd, 'src/app.ts'), 'x'.repeat(++size)), 500);
  writeFileSync(join(cwd, 'src/app.ts'), 'x'.repeat(++size));
  try {
    await w.waitForChange('src/app.ts', 'change');
  } finally {
    clearInterval(rewrite);
  }
  writeFileSync(join(cwd, 'src/new.ts'), 'x');
  await w.waitForChange('src/new.ts', 'add');
  unlinkSync(join(cwd, 'src/new.ts'));
  await w.waitForChange('src/new.ts', 'unlink');
  writeFileSync(join(cwd, 'src/other.md'), 'x');
  await w.waitFor('.md reported as ignored', () => w.ignored().some((i) => i.change.path === 'src/other.md' && i.reason === 'extension not in ts'));
  assert.ok(w.changes().every((c) => c.path.startsWith('src/') && c.path.endsWith('.ts')), JSON.stringify(w.changes()));
});
