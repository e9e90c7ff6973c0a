import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, suggest } from '../../../src/config/did-you-mean.js';

const keys = ['sockets', 'command', 'watch', 'exts', 'include', 'ignore', 'debounce', 'stopSignal', 'stopTimeout', 'restartOnExit', 'reuse', 'reusePort'];

test('edit distance', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'SAME'), 0);
});

test('close typos get a suggestion, unrelated words none', () => {
  assert.equal(suggest('sokets', keys), 'sockets');
  assert.equal(suggest('socket', keys), 'sockets');
  assert.equal(suggest('comand', keys), 'command');
  assert.equal(suggest('stop_timeout', keys), 'stopTimeout');
  assert.equal(suggest('restart-on-exit', keys), 'restartOnExit');
  assert.equal(suggest('ext', keys), 'exts');
  assert.equal(suggest('reuseport', keys), 'reusePort');
  assert.equal(suggest('xyzzy', keys), null);
  assert.equal(suggest('port', keys), null);
});
