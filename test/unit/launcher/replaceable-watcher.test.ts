// ReplaceableWatcher on a real directory: a replace swaps watchers without a gap, and a close
// that comes while a replace is pending closes every watcher either of them opened (a watcher
// left open keeps OS watches and the event loop alive, and systemfd would not exit).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ReplaceableWatcher } from '../../../src/launcher/replaceable-watcher.js';
import type { WatchOptions } from '../../../src/watch/watcher.js';
import { eventually } from '../../helpers/process.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function options(cwd: string, paths: string[]): WatchOptions {
  return { cwd, paths, include: [], ignore: [], exts: [], gitignore: false, defaultIgnores: true, poll: false };
}

/** fs.watch handles this process holds (each native watch is one). */
function osWatches(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'FSEventWrap').length;
}

test('close() while a replace() is pending: the replace settles and no watcher stays open', async (t) => {
  const dir = makeTempDir(t);
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  const before = osWatches();
  const watcher = new ReplaceableWatcher(options(dir, ['a']));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  assert.ok(osWatches() > before, 'the first watcher holds OS watches');
  const replaced = watcher.replace(options(dir, ['b']));
  await watcher.close();
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([replaced.then(() => 'settled'), new Promise((resolve) => (timer = setTimeout(resolve, 5_000, 'pending')))]);
  clearTimeout(timer);
  assert.equal(settled, 'settled', 'replace() resolves once the watcher is closed');
  await eventually(() => osWatches() === before, { timeout: 5_000, what: `every OS watch released (${osWatches()} of ${before} left)` });
  const changes: string[] = [];
  watcher.on('change', (change) => changes.push(change.path));
  writeFileSync(join(dir, 'a', 'x.js'), '1');
  writeFileSync(join(dir, 'b', 'x.js'), '1');
  // A fresh watcher on the same dirs sees the writes; the closed one must not report them.
  const control = new ReplaceableWatcher(options(dir, ['a', 'b']));
  await new Promise<void>((resolve) => control.once('ready', () => resolve()));
  const seen = new Promise<void>((resolve) => control.once('change', () => resolve()));
  writeFileSync(join(dir, 'a', 'y.js'), '1');
  await seen;
  assert.deepEqual(changes, []);
  await control.close();
  await eventually(() => osWatches() === before, { timeout: 5_000, what: 'the control watcher released' });
});

test('replace() while a replace() is pending, then close(): every watcher is closed', async (t) => {
  const dir = makeTempDir(t);
  for (const sub of ['a', 'b', 'c']) mkdirSync(join(dir, sub));
  const before = osWatches();
  const watcher = new ReplaceableWatcher(options(dir, ['a']));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const first = watcher.replace(options(dir, ['b']));
  const second = watcher.replace(options(dir, ['c']));
  await watcher.close();
  await Promise.all([first, second]);
  await eventually(() => osWatches() === before, { timeout: 5_000, what: `every OS watch released (${osWatches()} of ${before} left)` });
});

test('a watcher that cannot be made: replace() throws at once and the old watcher keeps reporting', async (t) => {
  const dir = makeTempDir(t);
  mkdirSync(join(dir, 'a'));
  const watcher = new ReplaceableWatcher(options(dir, ['a']));
  t.after(() => watcher.close());
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  // structuredClone refuses a function: the new watcher's options cannot be copied.
  const unusable = { ...options(dir, ['a']), extra: () => {} } as unknown as WatchOptions;
  assert.throws(() => watcher.replace(unusable));
  const seen = new Promise<string>((resolve) => watcher.once('change', (change) => resolve(change.path)));
  writeFileSync(join(dir, 'a', 'x.js'), '1');
  assert.equal(await seen, 'a/x.js');
});
