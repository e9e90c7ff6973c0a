// A watch root deleted and re-created is watched again; git operations hold restarts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startWatch } from '../helpers/watch.js';

function restartReasons(text: string): string[] {
  return [...text.matchAll(/~> restart \((.*?)\) -/g)].map((m) => m[1] as string);
}

const makeSrc = (dir: string) => {
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'a.js'), '// a\n');
};

test('`rm -rf src && restore src`: one line, one restart, and src is watched again', async (t) => {
  const run = await startWatch(t, { args: ['-w', 'src'], setup: makeSrc });
  await run.generation(1);
  rmSync(join(run.dir, 'src'), { recursive: true });
  makeSrc(run.dir);
  await run.waitFor(/~> src was replaced; watching the new one|~> src is back; watching it again/);
  await run.generation(2);
  await run.waitFor(/~> restart \(src\/a\.js (changed|added)\) - /);
  // The new src is watched: an edit inside it restarts.
  const edit = run.stderr().length;
  const gens = (run.stdout().match(/gen \d+/g) ?? []).length;
  writeFileSync(join(run.dir, 'src', 'a.js'), '// edited\n');
  await run.generation(gens + 1);
  await run.waitFor(/~> restart \(src\/a\.js changed\) - /, { from: edit });
  // One restart for the re-created src, one for the edit. Only when the watcher looked between
  // the rm and the restore (then it says "deleted" first) was the deletion a restart of its own.
  const gone = /~> src was deleted/.test(run.stderr());
  assert.equal(run.restarts(), gone ? 3 : 2, run.stderr());
});

test('src deleted, then back later: said both times, watched again', async (t) => {
  const run = await startWatch(t, { args: ['-w', 'src'], setup: makeSrc });
  await run.generation(1);
  rmSync(join(run.dir, 'src'), { recursive: true });
  await run.waitFor(/~> src was deleted; watching for it to come back/);
  makeSrc(run.dir);
  await run.waitFor(/~> src is back; watching it again/);
  // Its content is reported as added: that restarts once.
  const back = run.stderr().indexOf('src is back');
  await run.waitFor(/~> restart \(src\/a\.js (added|changed)\) - /, { from: back });
  const before = run.restarts();
  writeFileSync(join(run.dir, 'src', 'b.js'), '// new\n');
  await run.waitFor(/~> restart \(src\/b\.js added\) - /);
  assert.equal(run.restarts(), before + 1);
});

test('the project directory itself deleted and re-created: watched again, the command restarts', async (t) => {
  const run = await startWatch(t);
  await run.generation(1);
  rmSync(run.dir, { recursive: true });
  mkdirSync(run.dir);
  writeFileSync(join(run.dir, 'app.js'), '// restored\n');
  await run.waitFor(/~> the watched directory (was replaced; watching the new one|is back; watching it again)/);
  // The re-creation's own restart first (the one after that line): an edit during its debounce
  // would join its batch.
  const reattached = run.stderr().search(/~> the watched directory (was replaced|is back)/);
  await run.waitFor(/~> restart \(app\.js[^)]*\) - /, { from: reattached });
  const gens = (run.stdout().match(/gen \d+/g) ?? []).length;
  // A file the re-creation did not write: app.js changed right after each of the starts the
  // re-creation caused, and on a slow machine that can look like the command writing it.
  run.write('edit.js');
  await run.waitFor(/~> restart \(edit\.js (added|changed)\) - /);
  await run.generation(gens + 1);
});

function gitInit(dir: string): void {
  execFileSync('git', ['init', '-q', dir]);
}

test('while .git/index.lock exists restarts are held; when it goes, exactly one restart', async (t) => {
  const run = await startWatch(t, { setup: gitInit });
  await run.generation(1);
  const lock = join(run.dir, '.git', 'index.lock');
  writeFileSync(lock, '');
  await run.waitFor(/~> a git command \(\.git\/index\.lock exists\): holding restarts/);
  run.write('app.js');
  writeFileSync(join(run.dir, 'b.js'), '1');
  await run.waitFor(/~> a git command \(\.git\/index\.lock exists\) in progress; restarting once it ends/);
  await run.waitFor(/~> add b\.js/);
  // Both edits are seen; a third, after them, is the barrier for "nothing restarted".
  writeFileSync(join(run.dir, 'c.js'), '1');
  await run.waitFor(/~> add c\.js/);
  assert.equal(run.restarts(), 0, 'nothing restarts while git works');
  unlinkSync(lock);
  await run.generation(2);
  await run.waitFor(/~> restart \(app\.js and 2 more changed\) - /);
  // A later edit: had the release restarted twice, the second would show before this one.
  writeFileSync(join(run.dir, 'd.js'), '1');
  await run.waitFor(/~> restart \(d\.js added\) - /);
  assert.deepEqual(restartReasons(run.stderr()), ['app.js and 2 more changed', 'd.js added']);
});

test('a rebase in progress (.git/rebase-merge) holds restarts until it ends', async (t) => {
  const run = await startWatch(t, { setup: (dir) => {
    gitInit(dir);
    mkdirSync(join(dir, '.git', 'rebase-merge'));
  } });
  await run.generation(1);
  run.write('app.js');
  await run.waitFor(/~> a git rebase in progress; restarting once it ends/);
  writeFileSync(join(run.dir, 'b.js'), '1');
  await run.waitFor(/~> add b\.js/);
  assert.equal(run.restarts(), 0);
  rmSync(join(run.dir, '.git', 'rebase-merge'), { recursive: true });
  await run.generation(2);
  await run.waitFor(/~> restart \(app\.js and 1 more changed\) - /);
  writeFileSync(join(run.dir, 'c.js'), '1');
  await run.waitFor(/~> restart \(c\.js added\) - /);
  assert.equal(run.restarts(), 2);
});
