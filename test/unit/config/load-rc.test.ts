// Discovery (cwd upward, stopping at the repository or filesystem root), --config, and
// precedence (flags over the file, the file over defaults). Real files in temp dirs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../../src/errors.js';
import { findRcFile } from '../../../src/config/find-rc.js';
import { displayPath, loadProjectSettings } from '../../../src/config/load-rc.js';
import { mergeSettings } from '../../../src/config/settings.js';
import { tooDeepAt } from '../../../src/config/nesting.js';
import { parseRc } from '../../../src/config/parse-rc.js';
import { toWatchLaunchOptions } from '../../../src/cli/to-launch-options.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const load = (cwd: string, configPath?: string) => loadProjectSettings({ cwd, configPath, env: {} });

function tree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    if (name.endsWith('/')) mkdirSync(join(root, name), { recursive: true });
    else writeFileSync(join(root, name), content);
  }
}

test('no file anywhere: null', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.git/': '', 'a/b/': '' });
  assert.equal(await load(join(root, 'a/b')), null);
});

test('the file in the current directory', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.systemfdrc': '{"quiet": true}' });
  assert.deepEqual(await load(root), { path: join(root, '.systemfdrc'), settings: { quiet: true, cwd: root } });
});

test('found from a nested directory; the nearest one wins; cwd is its directory', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.git/': '', '.systemfdrc': '{"quiet": true}', 'pkg/.systemfdrc': '{"verbose": true}', 'pkg/src/deep/': '' });
  assert.deepEqual(await load(join(root, 'pkg/src/deep')), { path: join(root, 'pkg/.systemfdrc'), settings: { verbose: true, cwd: join(root, 'pkg') } });
  tree(root, { 'other/x/': '' });
  assert.equal((await load(join(root, 'other/x')))?.path, join(root, '.systemfdrc'));
});

test('the search stops at the repository root (.git directory or file)', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.systemfdrc': '{"quiet": true}', 'repo/.git/': '', 'repo/src/': '', 'worktree/.git': 'gitdir: ../repo/.git\n', 'worktree/src/': '' });
  assert.equal(await load(join(root, 'repo/src')), null);
  assert.equal(await load(join(root, 'repo')), null);
  assert.equal(await load(join(root, 'worktree/src')), null);
  tree(root, { 'repo/.systemfdrc': '{}' });
  assert.equal(findRcFile(join(root, 'repo/src')), join(root, 'repo/.systemfdrc'), 'a file at the repository root itself counts');
});

test('a directory named .systemfdrc is not a settings file', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.git/': '', '.systemfdrc': '{"quiet": true}', 'sub/.systemfdrc/': '' });
  assert.equal(findRcFile(join(root, 'sub')), join(root, '.systemfdrc'));
});

test('--config names a file, relative to cwd, and skips the search', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.systemfdrc': '{"quiet": true}', 'conf/dev.json': '{"verbose": true, "cwd": ".."}' });
  assert.deepEqual(await load(root, 'conf/dev.json'), { path: join(root, 'conf/dev.json'), settings: { verbose: true, cwd: root } });
});

test('--config naming a missing file is a clear error', async (t) => {
  const root = makeTempDir(t);
  await assert.rejects(load(root, 'nope.json'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, 'config file not found: nope.json (given with --config)');
    return true;
  });
  await assert.rejects(load(root, '/definitely/not/here.json'), /config file not found: \/definitely\/not\/here\.json/);
  mkdirSync(join(root, 'dir'));
  await assert.rejects(load(root, 'dir'), /cannot read dir: it is a directory/);
});

test('errors name the file relative to cwd when below it, absolute otherwise', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.git/': '', '.systemfdrc': '{"sokets": []}', 'sub/': '' });
  await assert.rejects(load(root), { message: ".systemfdrc: /sokets: unknown key 'sokets' (did you mean 'sockets'?)" });
  await assert.rejects(load(join(root, 'sub')), { message: `${join(root, '.systemfdrc')}: /sokets: unknown key 'sokets' (did you mean 'sockets'?)` });
  assert.equal(displayPath('/a/b/c', '/a'), 'b/c');
  assert.equal(displayPath('/a/b', '/a/b/c'), '/a/b');
});

test('precedence: flags over the file, the file over the defaults; env maps merge', async (t) => {
  const root = makeTempDir(t);
  tree(root, { '.systemfdrc': JSON.stringify({ sockets: ['http::3000'], command: 'node server.js', debounce: '1s', env: { A: 'file', B: 'file' }, ignore: ['*.log'] }) });
  const file = await load(root);
  const flags = { sockets: ['tcp::0'], env: { B: 'flag' }, debounce: undefined, ignore: undefined };
  const settings = mergeSettings(file?.settings, flags);
  assert.deepEqual(settings.sockets, ['tcp::0']);
  assert.deepEqual(settings.env, { A: 'file', B: 'flag' });
  const options = toWatchLaunchOptions(settings, null, root);
  assert.deepEqual(options.command.argv, ['node', 'server.js']);
  assert.equal(options.watchMode.debounceMs, 1000);
  assert.deepEqual(options.watchMode.watch.ignore, ['*.log']);
  assert.equal(options.watchMode.stopTimeoutMs, 5000, 'absent from both: the default');
  assert.deepEqual(toWatchLaunchOptions(settings, ['node', 'other.js'], root).command.argv, ['node', 'other.js'], 'a command after -- wins');
});

test('a FIFO given with --config is refused without reading it (a read would wait for a writer)', async (t) => {
  const root = makeTempDir(t);
  execFileSync('mkfifo', [join(root, 'rc.fifo')]);
  await assert.rejects(load(root, 'rc.fifo'), { message: 'cannot read rc.fifo: it is not a regular file (a FIFO)' });
});

test('nesting is measured outside strings only, and refused past the limit before parsing', () => {
  assert.equal(tooDeepAt('{"a": "[[[[[[[[[[[[[[[[[[[[[[\\"[[[["}', 3), -1);
  assert.equal(tooDeepAt('[[[[', 3), 3);
  assert.equal(tooDeepAt(`${'['.repeat(64)}${']'.repeat(64)}`), -1);
  assert.equal(tooDeepAt(`${'['.repeat(65)}`), 64);
  assert.throws(() => parseRc(`{"env": ${'['.repeat(100_000)}`, '.systemfdrc', '/p'), {
    message: '.systemfdrc: nested more than 64 levels deep at line 1 column 72 (settings need three at most)',
  });
});
