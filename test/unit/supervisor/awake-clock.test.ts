// Awake time: a timer whose delay passed while the process was suspended waits again instead
// of firing at once. A suspension is imitated by blocking the event loop (timers cannot run,
// as when the process is stopped) and recording that time, as job control does on resume.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awakeNow, awakeTimeout, recordSuspension } from '../../../src/supervisor/awake-clock.js';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the process does nothing else, as if stopped
  }
}

test('awakeNow leaves out recorded suspensions', () => {
  const before = awakeNow();
  blockFor(100);
  recordSuspension(100);
  assert.ok(awakeNow() - before < 50, `advanced ${awakeNow() - before}ms`);
});

test('a timer that came due during a suspension waits for its awake time', async () => {
  const armed = performance.now();
  const fired = new Promise<number>((resolve) => awakeTimeout(() => resolve(performance.now()), 200));
  blockFor(300);
  recordSuspension(300);
  const at = await fired;
  assert.ok(at - armed >= 300 + 150, `fired ${Math.round(at - armed)}ms after arming; at least 200ms of it must be awake`);
});

test('without a suspension it fires on time, and clearTimeout cancels it', async () => {
  const armed = performance.now();
  const at = await new Promise<number>((resolve) => awakeTimeout(() => resolve(performance.now()), 50));
  assert.ok(at - armed >= 45 && at - armed < 2_000);
  let called = false;
  const timer = awakeTimeout(() => { called = true; }, 20);
  clearTimeout(timer);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(called, false);
});
