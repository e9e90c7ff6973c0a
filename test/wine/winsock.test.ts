// Winsock through koffi, the socket set and the child library in one Windows process:
// test/fixtures/win-socket-set.test.mjs runs under Wine with Windows node's own test runner.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from '../helpers/paths.js';
import { findWine, killWineProcesses, requireWine, startWine } from './wine-harness.js';

after(() => { const s = findWine(); if (!('reason' in s)) killWineProcesses(s); });

test('Windows-side checks of ws2_32 bindings, socket set and adoption pass under Wine', async (t) => {
  const setup = requireWine(t);
  if (!setup) return;
  const run = startWine(t, setup, ['--test', '--test-reporter=tap', fixture('win-socket-set.test.mjs')]);
  const { code } = await run.exited;
  const report = run.stdout() + run.stderr();
  assert.equal(code, 0, report);
  assert.match(report, /^# pass 9$/m, report);
  assert.match(report, /^# fail 0$/m, report);
});
