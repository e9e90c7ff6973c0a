import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { PRELOAD_URL, preloadEnvPatch, withPreload } from '../../../src/preload/node-options.js';

const flag = `--import=${PRELOAD_URL}`;

test('the preload URL points at the built register.js', () => {
  assert.ok(PRELOAD_URL.startsWith('file://'));
  assert.ok(existsSync(fileURLToPath(PRELOAD_URL)), PRELOAD_URL);
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
