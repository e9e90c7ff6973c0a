// The watchdog script on its own: what it kills when its pipe ends, and what it leaves alone.
// It runs here exactly as systemfd starts it (`/bin/sh -c SCRIPT name SESSION`, own session),
// told about real process groups; the tag sweep needs /proc (Linux).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import { GENERATION_VAR, SESSION_ID } from '../../../src/supervisor/generation-tag.js';
import { hasProcfs, readStartEnv } from '../../../src/supervisor/process-tree.js';
import { WATCHDOG_SCRIPT } from '../../../src/supervisor/watchdog.js';
import { eventually, isAlive } from '../../helpers/process.js';

const posix = process.platform === 'win32' ? 'POSIX shell and process groups' : false;

function startWatchdog(t: TestContext, session: string): ChildProcess {
  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'systemfd-watchdog', session], { stdio: ['pipe', 'ignore', 'pipe'], detached: true, env: { PATH: process.env.PATH ?? '' } });
  t.after(() => {
    try {
      process.kill(watchdog.pid as number, 'SIGKILL');
    } catch {
      // ended
    }
  });
  return watchdog;
}

/** A process group of its own (a sleep under a shell), optionally with a generation tag. */
async function startGroup(t: TestContext, tag: string | null = null): Promise<number> {
  const env = { PATH: process.env.PATH ?? '', ...(tag === null ? {} : { [GENERATION_VAR]: tag }) };
  const leader = spawn('/bin/sh', ['-c', 'sleep 60 & wait'], { stdio: 'ignore', detached: true, env });
  const pgid = leader.pid as number;
  t.after(() => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone
    }
  });
  await once(leader, 'spawn');
  if (tag !== null && hasProcfs()) await eventually(() => readStartEnv(pgid, GENERATION_VAR) === tag, { what: 'the exec to finish' });
  return pgid;
}

function groupAlive(pgid: number): boolean {
  return isAlive(pgid);
}

async function endPipe(watchdog: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  watchdog.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(watchdog, 'exit');
  watchdog.stdin?.end();
  const [code] = (await exited) as [number | null];
  return { code, stderr };
}

test('when its pipe ends, the watchdog kills the groups it was told about, and no forgotten one', { skip: posix }, async (t) => {
  const session = randomUUID();
  const watchdog = startWatchdog(t, session);
  const told = await startGroup(t);
  const forgotten = await startGroup(t);
  const stranger = await startGroup(t);
  watchdog.stdin?.write(`group ${told}\ngroup ${forgotten}\nforget ${forgotten}\ngroup not-a-pid\nbogus ${stranger}\n`);
  const { code, stderr } = await endPipe(watchdog);
  assert.equal(code, 0);
  assert.equal(stderr, '');
  await eventually(() => !groupAlive(told), { what: 'the told group to die', timeout: 2_000 });
  assert.equal(groupAlive(forgotten), true, 'a forgotten group is left alone');
  assert.equal(groupAlive(stranger), true, 'only `group` lines add a group');
});

test("when its pipe ends, the watchdog kills this session's tagged processes wherever they are", { skip: posix || (hasProcfs() ? false : 'the tag sweep reads /proc') }, async (t) => {
  // A session id as systemfd makes them.
  const session = SESSION_ID;
  const watchdog = startWatchdog(t, session);
  // Never told about: found by the tag in their start environment alone.
  const tagged = [await startGroup(t, `${session}.1`), await startGroup(t, `${session}.7`)];
  const otherSession = await startGroup(t, `${randomUUID()}.1`);
  const prefixOnly = await startGroup(t, `${session}x.1`);
  const { code } = await endPipe(watchdog);
  assert.equal(code, 0, 'it ends once a sweep finds nothing more');
  for (const pgid of tagged) await eventually(() => !groupAlive(pgid), { what: `tagged process ${pgid} to die`, timeout: 2_000 });
  assert.equal(groupAlive(otherSession), true, "another session's processes are left alone");
  assert.equal(groupAlive(prefixOnly), true, 'the session id must match as a whole');
});

test('a session id of other characters than letters, digits and dashes is refused before anything is read', { skip: posix }, async (t) => {
  for (const session of ['', '.*', 'abc def', 'a.b', 'a\\b']) {
    const watchdog = startWatchdog(t, session);
    const [code] = (await once(watchdog, 'exit')) as [number | null];
    assert.equal(code, 2, JSON.stringify(session));
  }
});
