import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_IGNORES } from '../../../src/watch/default-ignores.js';
import { createMatcher } from '../../../src/watch/matcher.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const base = { include: [], ignore: [], exts: [], gitignore: false, defaultIgnores: true };

test('default ignores: directories by name at any depth, editor files by basename', () => {
  const cwd = makeTempDir(null, 'systemfd-matcher-');
  const m = createMatcher({ ...base, cwd });
  for (const dir of ['.git', 'node_modules', 'a/b/node_modules', 'coverage', '.next', '__pycache__', 'target']) {
    assert.match(m.checkDir(join(cwd, dir)) ?? '', /^default ignore "/, dir);
  }
  assert.equal(m.checkDir(join(cwd, 'src')), null);
  assert.equal(m.checkDir(join(cwd, 'dist')), null, 'build output is left to .gitignore');
  for (const file of ['.app.ts.swp', 'a/.x.swx', 'app.ts~', '.#app.ts', '#app.ts#', 'x.tmp', '4913', '.DS_Store', 'app.ts___jb_tmp___', 'app.ts___jb_old___']) {
    assert.match(m.checkFile(join(cwd, file)) ?? '', /^default ignore "/, file);
  }
  assert.equal(m.checkFile(join(cwd, 'src/app.ts')), null);
  // What running programs write: logs, pid files, SQLite's side files; the database itself is data.
  for (const file of ['dev.log', 'logs/app.log', 'server.pid', 'app.db-journal', 'app.db-wal', 'app.db-shm', '.eslintcache']) {
    assert.match(m.checkFile(join(cwd, file)) ?? '', /^default ignore "/, file);
  }
  for (const file of ['app.db', 'changelog', 'login.ts', 'catalog.json']) assert.equal(m.checkFile(join(cwd, file)), null, file);
  assert.ok(DEFAULT_IGNORES.dirs.includes('node_modules'));
  const off = createMatcher({ ...base, cwd, defaultIgnores: false });
  assert.equal(off.checkDir(join(cwd, 'node_modules')), null);
  assert.equal(off.checkFile(join(cwd, 'x.swp')), null);
});

test('user globs: slash-less patterns match at any depth, others are anchored to cwd', () => {
  const cwd = makeTempDir(null, 'systemfd-matcher-');
  const m = createMatcher({ ...base, cwd, ignore: ['*.out', 'src/gen', 'tmp/', '/top.txt', 'docs/**/*.md'] });
  assert.equal(m.checkFile(join(cwd, 'a/b/c.out')), 'matches ignore glob "*.out"');
  assert.equal(m.checkDir(join(cwd, 'src/gen')), 'matches ignore glob "src/gen"');
  assert.equal(m.checkDir(join(cwd, 'lib/src/gen')), null);
  assert.equal(m.checkDir(join(cwd, 'x/tmp')), 'matches ignore glob "tmp/"');
  assert.equal(m.checkFile(join(cwd, 'x/tmp')), null, 'trailing slash: directories only');
  assert.equal(m.checkFile(join(cwd, 'top.txt')), 'matches ignore glob "/top.txt"');
  assert.equal(m.checkFile(join(cwd, 'a/top.txt')), null);
  assert.equal(m.checkFile(join(cwd, 'docs/a/b.md')), 'matches ignore glob "docs/**/*.md"');
  assert.equal(m.checkFile(join(cwd, 'docs/b.md')), 'matches ignore glob "docs/**/*.md"');
});

test('exts and include apply to files only', () => {
  const cwd = makeTempDir(null, 'systemfd-matcher-');
  const m = createMatcher({ ...base, cwd, exts: ['ts', '.json'], include: ['src/**', '*.config.json'] });
  assert.equal(m.checkFile(join(cwd, 'src/a.ts')), null);
  assert.equal(m.checkFile(join(cwd, 'src/a.js')), 'extension not in ts,json');
  assert.equal(m.checkFile(join(cwd, 'lib/a.ts')), 'not matched by include globs src/**, *.config.json');
  assert.equal(m.checkFile(join(cwd, 'deep/app.config.json')), null);
  assert.equal(m.checkDir(join(cwd, 'lib')), null, 'directories are still walked');
});

test('.gitignore: root and nested files, negation, info/exclude, and reasons naming the rule', () => {
  const cwd = makeTempDir(null, 'systemfd-matcher-');
  mkdirSync(join(cwd, '.git/info'), { recursive: true });
  mkdirSync(join(cwd, 'pkg/gen'), { recursive: true });
  writeFileSync(join(cwd, '.gitignore'), 'dist/\n*.out\n');
  writeFileSync(join(cwd, 'pkg/.gitignore'), 'gen/\n!keep.out\n');
  writeFileSync(join(cwd, '.git/info/exclude'), 'secret.txt\n');
  const m = createMatcher({ ...base, cwd, gitignore: true });
  m.addRoot(cwd);
  assert.equal(m.checkDir(join(cwd, 'dist')), 'matches .gitignore rule "dist/" in .gitignore');
  assert.equal(m.checkFile(join(cwd, 'dist')), null, 'dir-only rule');
  assert.equal(m.checkFile(join(cwd, 'a/x.out')), 'matches .gitignore rule "*.out" in .gitignore');
  assert.equal(m.checkFile(join(cwd, 'pkg/keep.out')), null, 'nested negation wins');
  assert.equal(m.checkDir(join(cwd, 'pkg/gen')), 'matches .gitignore rule "gen/" in pkg/.gitignore');
  assert.equal(m.checkDir(join(cwd, 'gen')), null, 'nested rules only apply below their directory');
  assert.equal(m.checkFile(join(cwd, 'secret.txt')), 'matches .gitignore rule "secret.txt" in .git/info/exclude');
  // Rules are cached until invalidated.
  writeFileSync(join(cwd, 'pkg/.gitignore'), '*.ts\n');
  assert.equal(m.checkFile(join(cwd, 'pkg/a.ts')), null);
  m.invalidate(join(cwd, 'pkg'));
  assert.equal(m.checkFile(join(cwd, 'pkg/a.ts')), 'matches .gitignore rule "*.ts" in pkg/.gitignore');
  const off = createMatcher({ ...base, cwd, gitignore: false });
  off.addRoot(cwd);
  assert.equal(off.checkDir(join(cwd, 'dist')), null);
});

test('an explicitly watched directory that git ignores is watched anyway', () => {
  const cwd = makeTempDir(null, 'systemfd-matcher-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'dist/sub'), { recursive: true });
  writeFileSync(join(cwd, '.gitignore'), 'dist/\n*.map\n');
  writeFileSync(join(cwd, 'dist/.gitignore'), '*.d.ts\n');
  const m = createMatcher({ ...base, cwd, gitignore: true });
  m.addRoot(join(cwd, 'dist'));
  assert.equal(m.checkFile(join(cwd, 'dist/server.js')), null);
  assert.equal(m.checkDir(join(cwd, 'dist/sub')), null);
  assert.match(m.checkFile(join(cwd, 'dist/x.d.ts')) ?? '', /"\*\.d\.ts" in dist\/\.gitignore/, 'its own rules still apply');
});
