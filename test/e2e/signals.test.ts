// systemfd stays as transparent as the exec'ing original: signals reach the command, its status is mirrored,
// and nothing of its tree outlives systemfd.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../helpers/paths.js';
import { eventually, isAlive, startCli } from '../helpers/process.js';
import { processesWithToken } from '../helpers/proc-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

for (const signal of ['SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const) {
  test(`${signal} sent to systemfd reaches the command`, async (t) => {
    const run = startCli(['-q', '-s', '0', '--', process.execPath, fixture('signal-report.mjs')]);
    t.after(() => run.stop());
    await run.waitFor(/ready \d+/, { stream: 'stdout' });
    run.child.kill(signal);
    await run.waitFor(new RegExp(`got ${signal}`), { stream: 'stdout' });
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    assert.equal(code, 143);
  });
}

test('a command that exits by a signal makes systemfd die of the same signal', async (t) => {
  const run = startCli(['-q', '--', process.execPath, fixture('signal-report.mjs'), '--die-by-signal']);
  t.after(() => run.stop());
  await run.waitFor(/ready/, { stream: 'stdout' });
  run.child.kill('SIGTERM');
  const { code, signal } = await run.exited;
  assert.equal(code, null);
  assert.equal(signal, 'SIGTERM');
});

for (const detach of [false, true]) {
  test(`SIGTERM to systemfd leaves no process of the tree behind${detach ? ' (grandchild in its own session)' : ''}`, async (t) => {
    const args = [fixture('spawn-grandchild.mjs'), ...(detach ? ['--detach'] : [])];
    const run = startCli(['-q', '-s', '0', '--', process.execPath, ...args]);
    t.after(() => run.stop());
    const [, grandchild] = await run.waitFor(/grandchild (\d+)/, { stream: 'stdout' });
    const [, child] = await run.waitFor(/ready (\d+)/, { stream: 'stdout' });
    t.after(() => { for (const pid of [grandchild, child]) try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } });
    run.child.kill('SIGTERM');
    await run.exited;
    await eventually(() => !isAlive(Number(child)) && !isAlive(Number(grandchild)), { what: 'the command tree to be gone' });
  });
}

test('when the command exits on its own, its leftover background processes are stopped', async (t) => {
  // The shell exits only once the background process is up (it creates the marker file), not
  // after a fixed sleep that a loaded machine's Node start-up can outlast.
  const marker = join(makeTempDir(t), 'bg-started');
  const bg = `"${process.execPath}" -e "console.log('bg', process.pid); require('node:fs').writeFileSync(process.argv[1], ''); setInterval(() => {}, 1e9)" "${marker}"`;
  const run = startCli(['-q', '--', '/bin/sh', '-c', `${bg} & while [ ! -e "${marker}" ]; do sleep 0.05; done; exit 3`]);
  t.after(() => run.stop());
  const [, pid] = await run.waitFor(/bg (\d+)/, { stream: 'stdout' });
  t.after(() => { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* gone */ } });
  const { code } = await run.exited;
  assert.equal(code, 3);
  assert.equal(isAlive(Number(pid)), false);
});

test('SIGTERM right after the info line never orphans the command (handlers precede the spawn)', async () => {
  const token = `systemfd-orphan-check-${process.pid}`;
  // systemfd's own command line carries the token too; it is gone once `exited` resolved.
  const survivors = () => processesWithToken(token);
  for (let i = 0; i < 10; i++) {
    const run = startCli(['-s', '0', '--', process.execPath, '-e', 'setInterval(() => {}, 1e9)', token]);
    await run.waitFor(/-> fd #3/);
    run.child.kill('SIGTERM');
    await run.exited;
    await eventually(() => survivors().length === 0, { what: `no process of run ${i} left`, timeout: 10_000 });
  }
});
