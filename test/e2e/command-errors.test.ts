// A command that cannot start says why: a directory is not "no such file", and a working
// directory deleted while systemfd runs is named as the reason.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliPath } from '../helpers/paths.js';
import { runCli, start, startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

test('a directory given as the command is reported as a directory', async (t) => {
  const dir = join(makeTempDir(t), 'app');
  mkdirSync(dir);
  const { code, stderr } = await runCli(['-q', '--', dir]);
  assert.equal(code, 127);
  assert.equal(stderr, `error: failed to start '${dir}': it is a directory (EISDIR)\n`);
});

test('a missing program is still "no such file"', async (t) => {
  const missing = join(makeTempDir(t), 'missing');
  const { code, stderr } = await runCli(['-q', '--', missing]);
  assert.equal(code, 127);
  assert.equal(stderr, `error: failed to start '${missing}': no such file (ENOENT)\n`);
});

test('watch mode: a working directory deleted meanwhile is named as the reason the restart failed', async (t) => {
  const dir = join(makeTempDir(t), 'project');
  mkdirSync(dir);
  const run = startCli(['watch', '-q', '--', '/bin/sh', '-c', 'echo started; exec sleep 1000'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => run.stop());
  await run.waitFor(/started/, { stream: 'stdout' });
  rmSync(dir, { recursive: true });
  run.child.stdin?.write('rs\n');
  await run.waitFor(new RegExp(`error: failed to start '/bin/sh': its working directory ${dir} no longer exists`));
});

test('started in a deleted directory: one error line, no stack trace', async (t) => {
  const dir = join(makeTempDir(t), 'gone');
  mkdirSync(dir);
  // The shell enters the directory, removes it, then becomes systemfd: its cwd is gone.
  const run = start('/bin/sh', ['-c', 'cd "$0" && rmdir "$0" && exec "$1" "$2" -q -- /bin/true', dir, process.execPath, cliPath]);
  const { code } = await run.exited;
  assert.equal(run.stderr(), 'error: the current directory no longer exists\n');
  assert.equal(code, 1);
});
