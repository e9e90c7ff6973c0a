/**
 * The directory-level watcher against a real file system: real files in temp dirs, real OS
 * events, waiting on events (never on bare sleeps). Negative assertions ("no change for X") use a
 * barrier: a relevant write made after X whose event must arrive first.
 */
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultWatchBackend } from '../../../src/watch/watcher.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { countInotifyWatches, startWatcher } from './watch-harness.js';

const backend = defaultWatchBackend({ poll: false });

function tree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

test('reports change, add and unlink of files, with paths relative to cwd', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'src/app.ts': '1', 'README.md': 'x' });
  const w = await startWatcher(t, cwd);
  writeFileSync(join(cwd, 'src/app.ts'), '2');
  await w.waitForChange('src/app.ts', 'change');
  writeFileSync(join(cwd, 'src/new.ts'), 'new');
  await w.waitForChange('src/new.ts', 'add');
  unlinkSync(join(cwd, 'README.md'));
  await w.waitForChange('README.md', 'unlink');
  assert.deepEqual(w.events.filter((e) => e.type === 'error' || e.type === 'warning'), []);
});

test('a directory created later is watched, and files created in it before that are reported', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'src/app.ts': '1' });
  const w = await startWatcher(t, cwd);
  const before = w.watcher.watchCount();
  // mkdir + write at once: the file exists before the watcher can watch the new directory.
  mkdirSync(join(cwd, 'src/routes/admin'), { recursive: true });
  writeFileSync(join(cwd, 'src/routes/admin/early.ts'), 'x');
  await w.waitForChange('src/routes/admin/early.ts', 'add');
  assert.ok(w.changes().some((c) => c.kind === 'addDir' && c.path === 'src/routes'));
  // The new directories got their watches: a later write is an event of their own.
  writeFileSync(join(cwd, 'src/routes/admin/late.ts'), 'y');
  await w.waitForChange('src/routes/admin/late.ts', 'add');
  writeFileSync(join(cwd, 'src/routes/admin/late.ts'), 'z');
  await w.waitForChange('src/routes/admin/late.ts', 'change');
  if (backend === 'directories') assert.equal(w.watcher.watchCount(), before + 2);
});

test('a deleted and re-created directory keeps working, without leaking watches', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'src/lib/a.ts': '1', 'src/lib/deep/b.ts': '1' });
  const w = await startWatcher(t, cwd);
  const before = w.watcher.watchCount();
  const inotifyBefore = countInotifyWatches();
  for (let round = 1; round <= 3; round++) {
    rmSync(join(cwd, 'src/lib'), { recursive: true });
    await w.waitFor(`unlinkDir src/lib (round ${round})`, () => w.changes().filter((c) => c.kind === 'unlinkDir' && c.path === 'src/lib').length >= round);
    tree(cwd, { 'src/lib/a.ts': String(round), 'src/lib/deep/b.ts': String(round) });
    await w.waitFor(`src/lib/deep/b.ts added again (round ${round})`, () => w.changes().filter((c) => c.kind === 'add' && c.path === 'src/lib/deep/b.ts').length >= round);
  }
  // Removed and re-created within one settle window (the inode number may be reused).
  rmSync(join(cwd, 'src/lib'), { recursive: true });
  tree(cwd, { 'src/lib/deep/b.ts': 'fast' });
  await w.waitFor('fast re-creation', () => w.changes().filter((c) => c.kind === 'add' && c.path === 'src/lib/deep/b.ts').length >= 4);
  const seen = w.changes().length;
  writeFileSync(join(cwd, 'src/lib/deep/b.ts'), 'edit');
  await w.waitFor('edit after re-creation', () => w.changes().slice(seen).some((c) => c.path === 'src/lib/deep/b.ts' && c.kind === 'change'));
  assert.equal(w.watcher.watchCount(), before);
  if (inotifyBefore !== null && backend === 'directories') assert.equal(countInotifyWatches(), inotifyBefore);
});

test('an atomic save (write temp, rename over) is ONE change of the target', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'app.ts': 'v1', 'lib.ts': 'v1' });
  const w = await startWatcher(t, cwd);
  // A temp name the default ignores know (vim/JetBrains style)...
  writeFileSync(join(cwd, 'app.ts.tmp'), 'v2');
  renameSync(join(cwd, 'app.ts.tmp'), join(cwd, 'app.ts'));
  // ...and one they do not (write-file-atomic style): gone before it is looked at.
  writeFileSync(join(cwd, 'lib.ts.3904583'), 'v2');
  renameSync(join(cwd, 'lib.ts.3904583'), join(cwd, 'lib.ts'));
  writeFileSync(join(cwd, 'barrier.ts'), 'b');
  await w.waitForChange('barrier.ts');
  await w.waitForChange('app.ts');
  await w.waitForChange('lib.ts');
  const relevant = w.changes().filter((c) => c.path !== 'barrier.ts');
  assert.deepEqual(relevant.sort((a, b) => a.path.localeCompare(b.path)), [
    { kind: 'change', path: 'app.ts' },
    { kind: 'change', path: 'lib.ts' },
  ]);
});

test('ignored paths, extensions, include globs and nested .gitignore give `ignored` with a reason, never `change`', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, {
    '.git/HEAD': 'ref', '.gitignore': 'dist/\n', 'src/app.ts': '1', 'src/notes.md': 'x', 'src/pkg/.gitignore': '*.gen.ts\n',
    'src/pkg/a.ts': '1', 'scripts/tool.ts': '1', 'dist/out.ts': '1', 'src/debug.out': '',
  });
  const w = await startWatcher(t, cwd, { exts: ['ts'], include: ['src/**'], ignore: ['*.out'] });
  writeFileSync(join(cwd, 'src/notes.md'), 'y'); // extension
  writeFileSync(join(cwd, 'scripts/tool.ts'), '2'); // include
  writeFileSync(join(cwd, 'src/pkg/x.gen.ts'), '1'); // nested .gitignore
  writeFileSync(join(cwd, 'src/debug.out'), 'line'); // ignore glob
  writeFileSync(join(cwd, 'src/.app.ts.swp'), 'swap'); // default ignore
  writeFileSync(join(cwd, 'dist/out.ts'), '2'); // never watched: no event at all
  writeFileSync(join(cwd, 'src/app.ts'), '2'); // the barrier
  await w.waitForChange('src/app.ts', 'change');
  await w.waitFor('all ignored reasons', () => w.ignored().length >= 5);
  assert.deepEqual(w.changes(), [{ kind: 'change', path: 'src/app.ts' }]);
  const reasons = Object.fromEntries(w.ignored().map((i) => [i.change.path, i.reason]));
  assert.deepEqual(reasons, {
    'src/notes.md': 'extension not in ts',
    'scripts/tool.ts': 'not matched by include globs src/**',
    'src/pkg/x.gen.ts': 'matches .gitignore rule "*.gen.ts" in src/pkg/.gitignore',
    'src/debug.out': 'matches ignore glob "*.out"',
    'src/.app.ts.swp': 'default ignore "*.swp"',
  });
});

test('a new directory matching an ignore is reported as ignored and never walked', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'index.ts': '1' });
  const w = await startWatcher(t, cwd);
  const before = w.watcher.watchCount();
  mkdirSync(join(cwd, 'node_modules/dep'), { recursive: true });
  writeFileSync(join(cwd, 'node_modules/dep/index.js'), 'x');
  await w.waitFor('node_modules ignored', () => w.ignored().some((i) => i.change.path === 'node_modules' && i.reason === 'default ignore "node_modules"'));
  writeFileSync(join(cwd, 'node_modules/dep/index.js'), 'y');
  writeFileSync(join(cwd, 'index.ts'), '2');
  await w.waitForChange('index.ts', 'change');
  assert.deepEqual(w.changes(), [{ kind: 'change', path: 'index.ts' }]);
  assert.equal(w.watcher.watchCount(), before);
});

test('node_modules is never walked: one inotify watch per watched directory, none per file', { skip: backend !== 'directories' && 'inotify counting is Linux-only' }, async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  let dirs = 1; // cwd itself
  for (let d = 0; d < 30; d++) {
    const dir = d % 5 === 0 ? `src/m${d}` : `src/m${d - (d % 5)}/s${d}`;
    for (let f = 0; f < 20; f++) tree(cwd, { [`${dir}/f${f}.ts`]: 'x' });
  }
  dirs += 1 + 30; // src + 30 module dirs
  for (let d = 0; d < 50; d++) for (let f = 0; f < 20; f++) tree(cwd, { [`node_modules/p${d}/lib/f${f}.js`]: 'x' });
  tree(cwd, { '.git/objects/ab/cdef': 'x', 'coverage/lcov.info': 'x' });
  const before = countInotifyWatches();
  const w = await startWatcher(t, cwd);
  assert.equal(w.watcher.watchCount(), dirs);
  assert.equal((countInotifyWatches() ?? 0) - (before ?? 0), dirs, 'inotify watches == non-ignored directories');
  writeFileSync(join(cwd, 'src/m25/s29/f19.ts'), 'changed');
  await w.waitForChange('src/m25/s29/f19.ts', 'change');
  await w.watcher.close();
  assert.equal(countInotifyWatches(), before, 'close() releases every watch');
  assert.equal(w.watcher.watchCount(), 0);
});

test('symlinked directories are followed once; a cycle does not loop', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  const outside = makeTempDir(t, 'systemfd-watch-outside-');
  tree(cwd, { 'src/a.ts': '1' });
  tree(outside, { 'shared.ts': '1' });
  symlinkSync(cwd, join(cwd, 'src/loop'), 'dir');
  symlinkSync(outside, join(cwd, 'vendor'), 'dir');
  const w = await startWatcher(t, cwd);
  if (backend === 'directories') assert.equal(w.watcher.watchCount(), 3, 'cwd, src, vendor (the loop is not walked again)');
  writeFileSync(join(outside, 'shared.ts'), '2');
  await w.waitForChange('vendor/shared.ts', 'change');
});

test('a single watched file: changes of it are reported, its siblings are not watched', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'server.js': '1', 'other.js': '1', 'sub/x.js': '1', 'server.swp.tmp': '' });
  const w = await startWatcher(t, cwd, { paths: ['server.js', 'missing.js'], exts: ['ts'] });
  assert.ok(w.events.some((e) => e.type === 'warning' && /missing\.js does not exist/.test(e.message)));
  writeFileSync(join(cwd, 'other.js'), '2');
  writeFileSync(join(cwd, 'server.js'), '2'); // explicit: the exts filter does not apply
  await w.waitForChange('server.js', 'change');
  assert.deepEqual(w.changes(), [{ kind: 'change', path: 'server.js' }]);
  if (backend === 'directories') assert.equal(w.watcher.watchCount(), 1);
});

test('a unix socket created in the tree (systemfd -s unix::./app.sock) is never a change', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  tree(cwd, { 'app.ts': '1' });
  const w = await startWatcher(t, cwd);
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(cwd, 'app.sock'), resolve));
  t.after(() => server.close());
  writeFileSync(join(cwd, 'app.ts'), '2'); // barrier
  await w.waitForChange('app.ts', 'change');
  assert.deepEqual(w.changes(), [{ kind: 'change', path: 'app.ts' }]);
});
