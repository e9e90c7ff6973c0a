// A default is written once: the preload, which cannot import the settings table, falls back to
// the same constants the table's rows use, so a child that misses the variables behaves the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STOP_SIGNAL, DEFAULT_STOP_TIMEOUT_MS, readStopSignal, readStopTimeout } from '../../../src/preload/contract.js';
import { SETTINGS } from '../../../src/settings/table.js';
import { toWatchLaunchOptions } from '../../../src/cli/to-launch-options.js';
import { MAX_DURATION_MS, parseDuration } from '../../../src/watch/duration.js';

test("the preload's stop defaults are the launcher's", () => {
  const options = toWatchLaunchOptions({}, ['node'], '/p');
  assert.equal(options.watchMode.stopTimeoutMs, DEFAULT_STOP_TIMEOUT_MS);
  assert.equal(options.watchMode.stopSignal, DEFAULT_STOP_SIGNAL);
  assert.equal(SETTINGS.stopTimeout.default, readStopTimeout({}));
  assert.equal(SETTINGS.stopSignal.default, readStopSignal({}));
  assert.equal(DEFAULT_STOP_TIMEOUT_MS, 5000);
});

test('durations stop at the longest a Node timer can wait', () => {
  assert.equal(MAX_DURATION_MS, 2 ** 31 - 1);
  assert.equal(parseDuration('596h31m23s647ms'), MAX_DURATION_MS);
  assert.throws(() => parseDuration('596h31m23s648ms'), { message: '596h31m23s648ms is longer than the 24-day maximum (Node timers cannot wait longer)' });
  assert.throws(() => parseDuration('1000h'), { message: '1000h is longer than the 24-day maximum (Node timers cannot wait longer)' });
  assert.throws(() => parseDuration('-5'), { message: /^-5 is not a duration: it is negative; write e\.g\. 100ms/ });
  assert.throws(() => parseDuration('5ms', { minMs: 10 }), { message: '5ms is shorter than the minimum of 10ms' });
});
