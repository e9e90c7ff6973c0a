// A generation backed by a real process: a graceful stop, a stop that escalates to SIGKILL
// after the timeout, and a running stop forced at once (a second Ctrl-C).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { processGeneration } from '../../../src/supervisor/process-generation.js';
import { isAlive } from '../../helpers/process.js';

const STUBBORN = "process.on('SIGTERM', () => process.stdout.write('ignored\\n')); process.stdout.write('ready\\n'); setInterval(() => {}, 1e9)";
const POLITE = "process.stdout.write('ready\\n'); setInterval(() => {}, 1e9)";

async function startNode(code: string) {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  await once(child.stdout, 'data');
  return child;
}

test('a graceful stop: not forced, the process is gone, the exit status is the signal', async () => {
  const child = await startNode(POLITE);
  const generation = processGeneration(child, { stopSignal: 'SIGTERM', stopTimeoutMs: 10_000 });
  const result = await generation.stop({ force: false });
  assert.equal(result.forced, false);
  assert.deepEqual(await generation.exited, { code: null, signal: 'SIGTERM' });
  assert.equal(isAlive(generation.pid), false);
});

test('a process ignoring the stop signal is killed after the timeout', async () => {
  const child = await startNode(STUBBORN);
  const generation = processGeneration(child, { stopSignal: 'SIGTERM', stopTimeoutMs: 200 });
  const result = await generation.stop({ force: false });
  assert.equal(result.forced, true);
  assert.ok(result.elapsedMs >= 200, `stopped after ${result.elapsedMs} ms`);
  assert.equal(isAlive(generation.pid), false);
});

test('force kills a running stop at once, and the shared result says forced', async () => {
  const child = await startNode(STUBBORN);
  let gone = 0;
  const generation = processGeneration(child, { stopSignal: 'SIGTERM', stopTimeoutMs: 60_000, onGone: () => gone++ });
  const graceful = generation.stop({ force: false });
  // The stop signal is delivered and ignored; then the second Ctrl-C.
  await once(child.stdout, 'data');
  const started = Date.now();
  const forced = generation.stop({ force: true });
  assert.equal(forced, graceful, 'one stop, escalated');
  const result = await forced;
  assert.equal(result.forced, true);
  assert.ok(Date.now() - started < 2_000, `force took ${Date.now() - started} ms (the timeout was 60 s)`);
  assert.deepEqual(await generation.exited, { code: null, signal: 'SIGKILL' });
  assert.equal(gone, 1);
});
