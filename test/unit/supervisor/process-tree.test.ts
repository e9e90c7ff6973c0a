// /proc facts the tree kill relies on (Linux): start times that tell a reused pid apart, the
// start environment that carries the generation tag, and the subreaper that keeps orphans ours.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { hasProcfs, listDescendants, pidExists, readProcStat, readStartEnv } from '../../../src/supervisor/process-tree.js';
import { eventually } from '../../helpers/process.js';

const skip = hasProcfs() ? false : 'needs /proc (Linux)';

test('a pid with another start time is not the process we remembered', { skip }, () => {
  const self = readProcStat(process.pid);
  assert.ok(self && self.startTime > 0);
  assert.equal(pidExists(process.pid, self.startTime), true);
  assert.equal(pidExists(process.pid, self.startTime + 1), false, 'a reused pid must not be signalled');
  assert.equal(pidExists(process.pid), true);
});

test('the start environment is read from /proc, and only the named variable', { skip }, async (t) => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { env: { SYSTEMFD_GENERATION: 'abc.1', OTHER: 'x' }, stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  await once(child, 'spawn');
  const pid = child.pid as number;
  await eventually(() => readStartEnv(pid, 'SYSTEMFD_GENERATION') !== null, { what: 'the exec to finish' });
  assert.equal(readStartEnv(pid, 'SYSTEMFD_GENERATION'), 'abc.1');
  assert.equal(readStartEnv(pid, 'SYSTEMFD_GEN'), null);
  assert.equal(readStartEnv(2 ** 22 + 1, 'SYSTEMFD_GENERATION'), null, 'no such process');
});

test('as a subreaper, an orphaned grandchild becomes our child and can be reaped by pid', { skip }, async (t) => {
  // In a child process, so this test runner does not stay a subreaper.
  const script = `
    const { becomeChildSubreaper, reapChild } = await import(${JSON.stringify(new URL('../../../src/platform/posix/process-control.js', import.meta.url).href)});
    const { readProcStat } = await import(${JSON.stringify(new URL('../../../src/supervisor/process-tree.js', import.meta.url).href)});
    const { spawn } = await import('node:child_process');
    if (!becomeChildSubreaper()) { console.log(JSON.stringify({ subreaper: false })); process.exit(0); }
    const middle = spawn('/bin/sh', ['-c', 'sleep 30 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    middle.stdout.on('data', (d) => (out += d));
    await new Promise((r) => middle.on('exit', r));
    const orphan = Number(out.trim());
    const ppid = readProcStat(orphan)?.ppid;
    process.kill(orphan, 'SIGKILL');
    let reaped = false;
    for (let i = 0; i < 200 && !reaped; i++) { reaped = reapChild(orphan); if (!reaped) await new Promise((r) => setTimeout(r, 10)); }
    console.log(JSON.stringify({ subreaper: true, adopted: ppid === process.pid, reaped, gone: readProcStat(orphan) === null }));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  await once(child, 'exit');
  const result = JSON.parse(out) as { subreaper: boolean; adopted?: boolean; reaped?: boolean; gone?: boolean };
  assert.deepEqual(result, { subreaper: true, adopted: true, reaped: true, gone: true });
});

test('descendants are found through the parent links', { skip }, async (t) => {
  const child = spawn('/bin/sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  await eventually(() => (listDescendants(child.pid as number) ?? []).length === 1, { what: 'the sleep to start' });
  const [sleep] = listDescendants(child.pid as number) ?? [];
  t.after(() => { try { process.kill(sleep?.pid as number, 'SIGKILL'); } catch { /* gone */ } });
  assert.equal(sleep?.ppid, child.pid);
  assert.ok(listDescendants(process.pid)?.some((s) => s.pid === sleep?.pid));
});
