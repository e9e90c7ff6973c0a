/** Slots: the walk's bound on file system calls in flight. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Slots } from '../../../src/watch/slots.js';

/** A task that runs until `finish()` is called, recording how many ran at once. */
function gatedTasks(count: number) {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const opens: (() => void)[] = [];
  const gates = Array.from({ length: count }, (_, i) => new Promise<void>((resolve) => (opens[i] = resolve)));
  const task = (i: number) => async () => {
    running++;
    most = Math.max(most, running);
    started.push(i);
    await gates[i];
    running--;
    return i;
  };
  return { task, finish: (i: number) => opens[i]!(), started, most: () => most };
}

test('at most `size` tasks run at once, the others start in the order they came', async () => {
  const slots = new Slots(2);
  const g = gatedTasks(5);
  const results = [0, 1, 2, 3, 4].map((i) => slots.run(g.task(i)));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(g.started, [0, 1]);
  g.finish(1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(g.started, [0, 1, 2]);
  for (const i of [0, 2, 3, 4]) g.finish(i);
  assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4]);
  assert.equal(g.most(), 2);
});

test('a failing task gives its slot back and its caller gets the error', async () => {
  const slots = new Slots(1);
  const failed = slots.run(async () => {
    throw new Error('EACCES');
  });
  const next = slots.run(async () => 'ran');
  await assert.rejects(failed, /EACCES/);
  assert.equal(await next, 'ran');
  assert.equal(await slots.run(async () => 'again'), 'again');
});
