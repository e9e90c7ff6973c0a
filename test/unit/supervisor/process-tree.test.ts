// /proc facts the tree kill relies on (Linux): start times that tell a reused pid apart, the
// start environment that carries the generation tag, the subreaper that keeps orphans ours, and
// the children lists that find a tree without reading every process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { collectDescendants, hasChildrenFiles, hasProcfs, listDescendants, parseChildren, type ProcStat, pidExists, readAllProcStats, readDescendantStats, readProcStat, readStartEnv, walkChildren } from '../../../src/supervisor/process-tree.js';
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

test('a children file is a list of pids', () => {
  assert.deepEqual(parseChildren('12 345 6 '), [12, 345, 6]);
  assert.deepEqual(parseChildren(''), []);
  assert.deepEqual(parseChildren('7'), [7]);
});

test('the children links are walked breadth first, each pid once, without looping', () => {
  const links = new Map<number, number[]>([
    [1, [2, 3]],
    [2, [4]],
    [3, [5, 4]],
    // A reused pid can make a link back up the tree.
    [4, [1, 2]],
    [5, [6]],
  ]);
  const asked: number[] = [];
  const order = walkChildren(1, (pid) => {
    asked.push(pid);
    return links.get(pid) ?? [];
  });
  assert.deepEqual(order, [2, 3, 4, 5, 6]);
  assert.deepEqual(asked, [1, 2, 3, 4, 5, 6], 'every found process is asked once for its children');
  assert.deepEqual(walkChildren(9, () => []), []);
});

/** A process table that changes as it is read: `onRead` runs after a pid's children are listed. */
function scriptedTable(parents: Record<number, number>, onRead: (pid: number, table: Map<number, number>) => void = () => {}) {
  const table = new Map(Object.entries(parents).map(([pid, ppid]) => [Number(pid), ppid]));
  const stat = (pid: number): ProcStat | null => (table.has(pid) ? { pid, state: 'S', ppid: table.get(pid) as number, pgrp: pid, startTime: pid * 10 } : null);
  const childPids = (pid: number): number[] => {
    const children = [...table].filter(([, ppid]) => ppid === pid).map(([child]) => child);
    onRead(pid, table);
    return children;
  };
  return { stat, childPids };
}

const pidsOf = (stats: ProcStat[]): number[] => stats.map((s) => s.pid).sort((a, b) => a - b);

test('the walk collects every descendant with its stat, and leaves out one process and its subtree', () => {
  const table = scriptedTable({ 2: 1, 3: 1, 4: 2, 5: 4, 6: 3, 9: 8 });
  assert.deepEqual(pidsOf(collectDescendants(1, null, table)), [2, 3, 4, 5, 6]);
  assert.deepEqual(pidsOf(collectDescendants(1, 2, table)), [3, 6]);
  assert.equal(collectDescendants(1, null, table).find((s) => s.pid === 5)?.ppid, 4);
});

test('a child whose parent exits during the walk is found under the root it was handed to', () => {
  // 1 is the subreaper. Its list is read first ([2]); right after 2's list ([3]) is read, 3
  // exits and its child 4 moves to 1: 3 is gone, and only a second look at 1's list finds 4.
  const table = scriptedTable({ 2: 1, 3: 2, 4: 3, 5: 4 }, (pid, t) => {
    if (pid === 2) {
      t.delete(3);
      t.set(4, 1);
    }
  });
  assert.deepEqual(pidsOf(collectDescendants(1, null, table)), [2, 4, 5]);
});

test('a listed pid whose stat names another parent was reused, and is left out with its subtree', () => {
  // 3 is listed under 2, but by the time its stat is read pid 3 is a stranger's child.
  const table = scriptedTable({ 2: 1, 3: 2, 4: 3 }, (pid, t) => {
    if (pid === 2) t.set(3, 77);
  });
  assert.deepEqual(pidsOf(collectDescendants(1, null, table)), [2]);
});

const noChildrenFiles = skip || (hasChildrenFiles() ? false : 'the kernel lists no children in /proc');

test('the walk down the children lists finds what the full scan finds', { skip: noChildrenFiles }, async (t) => {
  const child = spawn('/bin/sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  const pid = child.pid as number;
  await eventually(() => (readDescendantStats(pid) ?? []).length === 2, { what: 'both sleeps to start' });
  const sleeps = readDescendantStats(pid) ?? [];
  t.after(() => {
    for (const s of sleeps) {
      try { process.kill(s.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  });
  const pids = (stats: { pid: number }[] | null) => (stats ?? []).map((s) => s.pid).sort((a, b) => a - b);
  assert.deepEqual(pids(readDescendantStats(pid)), pids(listDescendants(pid, readAllProcStats())));
  assert.ok(sleeps.every((s) => s.ppid === pid && s.startTime > 0), 'each with its stat');
  const ours = pids(readDescendantStats(process.pid));
  assert.ok([pid, ...pids(sleeps)].every((p) => ours.includes(p)), 'the grandchildren are found from this process too');
  assert.deepEqual(readDescendantStats(pid, sleeps[0]?.pid ?? null)?.map((s) => s.pid), [sleeps[1]?.pid], 'a process can be left out');
  assert.deepEqual(readDescendantStats(2 ** 22 + 1), [], 'a process that is gone has no descendants');
});

test('as a subreaper, an orphan is found by walking down from ourselves', { skip: noChildrenFiles }, async (t) => {
  const script = `
    const { becomeChildSubreaper } = await import(${JSON.stringify(new URL('../../../src/platform/posix/process-control.js', import.meta.url).href)});
    const { readDescendantStats } = await import(${JSON.stringify(new URL('../../../src/supervisor/process-tree.js', import.meta.url).href)});
    const { spawn } = await import('node:child_process');
    if (!becomeChildSubreaper()) { console.log(JSON.stringify({ subreaper: false })); process.exit(0); }
    const middle = spawn('/bin/sh', ['-c', 'setsid sleep 30 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    middle.stdout.on('data', (d) => (out += d));
    await new Promise((r) => middle.on('exit', r));
    const orphan = Number(out.trim());
    // Until setsid has run in it: before, it is still in the middle's group.
    let found;
    for (let i = 0; i < 200 && found?.pgrp !== orphan; i++) {
      found = readDescendantStats(process.pid).find((s) => s.pid === orphan);
      if (found?.pgrp !== orphan) await new Promise((r) => setTimeout(r, 10));
    }
    process.kill(orphan, 'SIGKILL');
    console.log(JSON.stringify({ subreaper: true, found: found?.ppid === process.pid, ownSession: found?.pgrp === orphan }));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  await once(child, 'exit');
  assert.deepEqual(JSON.parse(out), { subreaper: true, found: true, ownSession: true });
});
