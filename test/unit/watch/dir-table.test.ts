/**
 * The directory table's helpers for the initial walk, against real directory entries: kinds
 * from the listing alone, symlinks followed, and child paths equal to path.join's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, parse, sep } from 'node:path';
import { test } from 'node:test';
import { childPath, kindBehindLink, listedKind } from '../../../src/watch/dir-table.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

test('childPath is path.join for a name read from a listing, also below the file system root', (t) => {
  const dir = makeTempDir(t, 'systemfd-dirtable-');
  const root = parse(dir).root;
  for (const [parent, name] of [[dir, 'a.ts'], [dir, '.gitignore'], [join(dir, 'sub'), 'x y'], [root, 'tmp'], [root, 'é.txt']] as const) {
    assert.equal(childPath(parent, name), join(parent, name));
  }
  assert.equal(childPath(root, 'tmp'), `${root}tmp`);
  assert.ok(!childPath(dir, 'a').includes(sep + sep));
});

test('listedKind tells files and directories apart without a stat, and leaves symlinks to kindBehindLink', { skip: process.platform === 'win32' ? 'symlinks need privileges on Windows' : false }, async (t) => {
  const dir = makeTempDir(t, 'systemfd-dirtable-');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'file.ts'), '1');
  symlinkSync(join(dir, 'sub'), join(dir, 'link-to-dir'));
  symlinkSync(join(dir, 'file.ts'), join(dir, 'link-to-file'));
  symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
  const kinds = Object.fromEntries(readdirSync(dir, { withFileTypes: true }).map((d) => [d.name, listedKind(d)]));
  assert.deepEqual(kinds, { sub: 'dir', 'file.ts': 'file', 'link-to-dir': null, 'link-to-file': null, dangling: null });
  assert.equal(await kindBehindLink(join(dir, 'link-to-dir')), 'dir');
  assert.equal(await kindBehindLink(join(dir, 'link-to-file')), 'file');
  assert.equal(await kindBehindLink(join(dir, 'dangling')), 'other');
});
