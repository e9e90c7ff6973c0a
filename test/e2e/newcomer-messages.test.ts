// Lines a newcomer meets: what watch mode watches (and that `rs` restarts), a stop that waits on
// a server ignoring SIGTERM, and a command that runs node --watch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../helpers/paths.js';
import { startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { startWatch } from '../helpers/watch.js';

const skip = process.platform === 'win32' ? 'POSIX signals' : false;

test('watch mode says what it watches and that rs restarts, without -v', async (t) => {
  const dir = makeTempDir(t);
  const run = startCli(['watch', '-s', 'http::0', '--', process.execPath, fixture('watch-server.mjs')], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => run.stop());
  await run.waitFor(/^~> watching \. \(type rs \+ Enter to restart\)$/m);
});

test('with --no-stdin the watching line has no rs hint', async (t) => {
  const run = await startWatch(t, { args: ['--no-stdin'] });
  assert.match(run.stderr(), /^~> watching \.$/m);
});

test('a stop waiting on a server that ignores SIGTERM says so once; a quick stop says nothing', { skip }, async (t) => {
  const run = await startWatch(t, { serverArgs: ['--ignore-term'], args: ['--stop-timeout', '5s'] });
  const first = await run.generation(1);
  run.write('app.js');
  const [, pid, seconds] = await run.waitFor(/~> waiting for pid (\d+) to stop \(SIGKILL in (\d)s\)/);
  assert.equal(Number(pid), first.pid);
  assert.ok(Number(seconds) >= 3 && Number(seconds) <= 4, `SIGKILL in ${seconds}s`);
  await run.generation(2, 30_000);
  await run.waitFor(/~> restart \(.*killed after --stop-timeout/);
  assert.equal(run.stderr().match(/waiting for pid/g)?.length, 1);

  const quick = await startWatch(t);
  await quick.generation(1);
  quick.write('app.js');
  await quick.waitFor(/~> restart \(/);
  assert.doesNotMatch(quick.stderr(), /waiting for pid/);
});

test('node --watch as the command: one warning line, and the command still runs', { skip }, async (t) => {
  const run = startCli(['-s', 'http::0', '--', process.execPath, '--watch', fixture('watch-server.mjs')], { cwd: makeTempDir(t) });
  t.after(() => run.stop());
  await run.waitFor(/node --watch restarts the server itself inside one process: .*'systemfd watch -- node .*watch-server\.mjs' instead/);
  await run.waitFor(/gen \d+/, { stream: 'stdout' });
  assert.equal(run.stderr().match(/node --watch restarts/g)?.length, 1);
});
