// Terminal behaviour: Ctrl-Z (SIGTSTP) suspends the whole tree and `fg` (SIGCONT) resumes it,
// SIGWINCH reaches the server, and stdin lines other than `rs` reach the serving generation.
// Signals are sent as a terminal would send them; no real terminal is needed for that.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { eventually, startCli } from '../helpers/process.js';
import { fixture } from '../helpers/paths.js';
import { readProcStat } from '../../src/supervisor/process-tree.js';
import { startWatch } from '../helpers/watch.js';

const hasProcfs = existsSync('/proc/self/stat');
const server = (...args: string[]) => [process.execPath, fixture('terminal-server.mjs'), ...args];

/** The state letter of /proc/<pid>/stat (R, S, T, Z...), or null once the pid is gone. */
const procState = (pid: number): string | null => readProcStat(pid)?.state ?? null;

async function suspendAndResume(systemfd: number, serverPid: number, port: number): Promise<void> {
  process.kill(systemfd, 'SIGTSTP');
  await eventually(() => procState(serverPid) === 'T', { what: `server ${serverPid} stopped` });
  await eventually(() => procState(systemfd) === 'T', { what: `systemfd ${systemfd} stopped` });
  // While stopped the server does not answer: the request times out instead of being served.
  assert.equal((await get(`http://127.0.0.1:${port}/`, { timeout: 500 })).ok, false, 'a stopped server answers nothing');
  process.kill(systemfd, 'SIGCONT');
  await eventually(() => procState(serverPid) !== 'T' && procState(systemfd) !== 'T', { what: 'both running again' });
  assert.equal((await get(`http://127.0.0.1:${port}/`)).body, `pid ${serverPid}`);
}

test('watch: SIGTSTP stops the server and systemfd, SIGCONT resumes both', { skip: !hasProcfs && 'needs /proc' }, async (t) => {
  const run = await startWatch(t, { command: server() });
  const [, pid] = await run.waitFor(/ready (\d+)/, { stream: 'stdout' });
  await suspendAndResume(run.child.pid as number, Number(pid), run.port);
  // Still supervising: an edit restarts it.
  run.write('app.js');
  await run.waitForCount(/ready \d+/, 2, { stream: 'stdout' });
});

test('one-shot: SIGTSTP stops the command and systemfd, SIGCONT resumes both', { skip: !hasProcfs && 'needs /proc' }, async (t) => {
  const run = startCli(['-s', 'http::0', '--', ...server()]);
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  const [, pid] = await run.waitFor(/ready (\d+)/, { stream: 'stdout' });
  await suspendAndResume(run.child.pid as number, Number(pid), Number(port));
});

test('time spent suspended does not count against --stop-timeout', { skip: !hasProcfs && 'needs /proc' }, async (t) => {
  // The server needs 1.5s of running time after SIGTERM; the stop timeout gives it 3s. It is
  // suspended for longer than 3s in the middle of that stop.
  const run = await startWatch(t, { command: server('--term-delay=1500'), args: ['--stop-timeout', '3s', '--ready-timeout', '1s'] });
  const [, pid] = await run.waitFor(/ready (\d+)/, { stream: 'stdout' });
  const systemfd = run.child.pid as number;
  run.write('app.js');
  await run.waitFor(new RegExp(`term ${pid}`), { stream: 'stdout' });
  process.kill(systemfd, 'SIGTSTP');
  await eventually(() => procState(Number(pid)) === 'T' && procState(systemfd) === 'T', { what: 'tree stopped' });
  const suspendedAt = Date.now();
  // The suspension itself is what is tested: it must outlast the stop timeout.
  await eventually(() => Date.now() - suspendedAt > 4_000, { interval: 100, what: 'four seconds suspended' });
  process.kill(systemfd, 'SIGCONT');
  await run.waitFor(new RegExp(`drained ${pid}`), { stream: 'stdout' });
  await run.waitFor(/~> restart \(app\.js changed\) - stopped in [^,]+, started pid \d+/);
  assert.doesNotMatch(run.stderr(), /killed after --stop-timeout/);
});

test('SIGWINCH reaches the server', async (t) => {
  const run = await startWatch(t, { command: server() });
  const [, pid] = await run.waitFor(/ready (\d+)/, { stream: 'stdout' });
  process.kill(run.child.pid as number, 'SIGWINCH');
  await run.waitFor(new RegExp(`winch ${pid}`), { stream: 'stdout' });
});

test('stdin lines other than rs reach the serving generation through a pipe; rs restarts', async (t) => {
  const run = await startWatch(t, { command: server(), stdin: 'pipe' });
  const input = run.child.stdin;
  assert.ok(input);
  const [, first] = await run.waitFor(/ready (\d+)/, { stream: 'stdout' });
  await run.waitFor(new RegExp(`stdin-tty ${first} false`), { stream: 'stdout' });
  input.write('hello there\n');
  await run.waitFor(new RegExp(`stdin ${first} hello there`), { stream: 'stdout' });
  input.write('rs\n');
  const [, second] = (await run.waitForCount(/ready (\d+)/, 2, { stream: 'stdout' }))[1] as RegExpMatchArray;
  assert.notEqual(second, first);
  assert.doesNotMatch(run.stdout(), /stdin \d+ rs/, '`rs` is ours, not the server\'s');
  input.write('again\n');
  await run.waitFor(new RegExp(`stdin ${second} again`), { stream: 'stdout' });
  input.end();
  await run.waitFor(new RegExp(`stdin-end ${second}`), { stream: 'stdout' });
});
