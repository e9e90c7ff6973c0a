import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { nodeOptionValue, PRELOAD_FILE, preloadEnvPatch, withPreload } from '../../../src/preload/node-options.js';

const flag = `--require=${nodeOptionValue(PRELOAD_FILE)}`;

test('the preload path points at the built register.cjs', () => {
  assert.ok(PRELOAD_FILE.endsWith('register.cjs'), PRELOAD_FILE);
  assert.ok(existsSync(PRELOAD_FILE), PRELOAD_FILE);
});

test('values are quoted the way NODE_OPTIONS reads them', () => {
  assert.equal(nodeOptionValue('/srv/app/register.cjs'), '/srv/app/register.cjs');
  assert.equal(nodeOptionValue('C:\\Users\\me\\register.cjs'), 'C:\\Users\\me\\register.cjs');
  assert.equal(nodeOptionValue('/home/my app/register.cjs'), '"/home/my app/register.cjs"');
  assert.equal(nodeOptionValue('C:\\My Apps\\a"b.cjs'), '"C:\\\\My Apps\\\\a\\"b.cjs"');
});

test('withPreload appends once and keeps the user\'s options first', () => {
  assert.equal(withPreload(undefined), flag);
  assert.equal(withPreload('  '), flag);
  assert.equal(withPreload('--max-old-space-size=100'), `--max-old-space-size=100 ${flag}`);
  assert.equal(withPreload(withPreload('--inspect')), `--inspect ${flag}`);
});

test('preloadEnvPatch: NODE_OPTIONS, addresses and stop settings', () => {
  const patch = preloadEnvPatch([{ spec: { kind: 'http' }, bound: { family: 4, ip: '127.0.0.1', port: 3000 } }], '--inspect', { stopSignal: 'SIGINT', stopTimeoutMs: 2500.4, log: 'quiet' });
  assert.deepEqual(patch, {
    NODE_OPTIONS: `--inspect ${flag}`,
    SYSTEMFD_FD_ADDRS: 'http/127.0.0.1:3000',
    SYSTEMFD_STOP_SIGNAL: 'SIGINT',
    SYSTEMFD_STOP_TIMEOUT_MS: '2500',
    SYSTEMFD_PRELOAD_LOG: 'quiet',
  });
});
