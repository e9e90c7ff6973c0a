// gunicorn does socket activation itself (gunicorn/systemd.py: LISTEN_FDS only counts when
// LISTEN_PID is the arbiter's pid) and shares the listeners with its forked workers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { startCli } from '../../helpers/process.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { behindShell } from './shell.js';
import { assertGone, cleanUp, httpGet, parseAnnounced, stopSystemfd } from './run-consumer.js';
import { gunicorn } from './toolchains.js';

const LISTENING = /Listening at: (\S+) \((\d+)\)/;
const BOOTED = /Booting worker with pid: (\d+)/;

function startGunicorn(t: TestContext, cliArgs: string[], command: string[], cwd: string) {
  // No __pycache__ next to the fixture app: the repository stays clean.
  const run = startCli([...cliArgs, '--', ...command], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  // gunicorn's own processes: the arbiter's pid from its log line, the workers from theirs.
  const pids = () => [...run.stderr().matchAll(/\[(\d+)\] \[INFO\]/g)].map((m) => Number(m[1]));
  t.after(() => cleanUp(run, pids));
  return run;
}

test('gunicorn serves on the http and unix sockets systemfd hands it', async (t) => {
  const consumer = await gunicorn();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const dir = makeTempDir(t);
  const run = startGunicorn(t, ['-s', 'http::0', '-s', 'unix::./g.sock'], consumer.command, dir);
  const [, listeners, arbiter] = await run.waitFor(LISTENING, { timeout: 60_000 });
  await run.waitFor(BOOTED, { timeout: 60_000 });
  const port = parseAnnounced(run.stderr())[0]?.port;
  // Without the sockets gunicorn would have bound its own --bind 127.0.0.1:0, another port.
  assert.equal(listeners, `http://127.0.0.1:${port},unix:./g.sock`, 'gunicorn took both inherited sockets');
  const tcp = await httpGet({ port: port as number }, '/tcp');
  const [, worker, parent] = /^gunicorn worker=(\d+) arbiter=(\d+) path=\/tcp\n$/.exec(tcp.body) ?? [];
  assert.equal(tcp.status, 200);
  assert.equal(parent, arbiter, 'served by a worker of the arbiter that accepted LISTEN_PID');
  assert.notEqual(worker, arbiter);
  const unix = await httpGet({ socketPath: join(dir, 'g.sock') }, '/unix');
  assert.equal(unix.body, `gunicorn worker=${worker} arbiter=${arbiter} path=/unix\n`);
  assertGone(await stopSystemfd(run), Number(arbiter), Number(worker));
});

test('gunicorn behind an intermediary shell ignores the sockets (LISTEN_PID names the shell)', async (t) => {
  const consumer = await gunicorn();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const dir = makeTempDir(t);
  const run = startGunicorn(t, ['-s', 'http::0'], behindShell(consumer.command), dir);
  const [, listeners, arbiter] = await run.waitFor(LISTENING, { timeout: 60_000 });
  const [, worker] = await run.waitFor(BOOTED, { timeout: 60_000 });
  const port = parseAnnounced(run.stderr())[0]?.port;
  assert.match(listeners ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(listeners, `http://127.0.0.1:${port}`, 'it bound its own --bind address instead');
  assertGone(await stopSystemfd(run), Number(arbiter), Number(worker));
});
