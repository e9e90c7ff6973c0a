// CLI parsing without processes: clipanion's process() plus our pure flag → options mapping.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runCli, splitArgv } from '../../../src/cli/run-cli.js';
import { parseSignalName, splitExtensions } from '../../../src/cli/to-launch-options.js';
import { UsageError } from '../../../src/errors.js';

test('splitArgv splits at the first -- only', () => {
  assert.deepEqual(splitArgv(['-s', '0', '--', 'echo', '--', '-s']), { own: ['-s', '0'], command: ['echo', '--', '-s'] });
  assert.deepEqual(splitArgv(['-s', '0']), { own: ['-s', '0'], command: null });
});

test('extensions accept commas, repeats and leading dots', () => {
  assert.deepEqual(splitExtensions(['ts,json', '.mjs', ' css ']), ['ts', 'json', 'mjs', 'css']);
});

test('signal names', () => {
  assert.equal(parseSignalName('term'), 'SIGTERM');
  assert.equal(parseSignalName('SIGINT'), 'SIGINT');
  assert.throws(() => parseSignalName('SIGNOPE'), UsageError);
});

test('usage errors are written to stderr (never stdout) with exit 2', async () => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const result = await runCli(['--nope', '--', 'true'], { stdin: new PassThrough(), stdout, stderr, env: {}, cwd: process.cwd() });
  assert.deepEqual(result, { exitCode: 2 });
  assert.equal(out, '');
  assert.match(err, /^error: .*--nope/);
});
