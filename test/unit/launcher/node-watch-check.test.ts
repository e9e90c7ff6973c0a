import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNodeWatch, usesNodeWatch } from '../../../src/launcher/node-watch-check.js';

const cases: Array<[string[], boolean]> = [
  [['node', '--watch', 'server.js'], true],
  [['nodejs', '--watch', 'server.js'], true],
  [['/usr/local/bin/node', '--watch-path=src', 'server.js'], true],
  [['node', '--watch-path', 'src', 'server.js'], true],
  [['node', '-r', 'dotenv/config', '--watch', 'server.js'], true],
  [['node.exe', '--watch', 'server.js'], true],
  [['node', 'server.js'], false],
  [['node', 'server.js', '--watch'], false],
  [['node', '--', '--watch'], false],
  [['node', '-r', '--watch', 'server.js'], false],
  [['nodemon', '--watch', 'src', 'server.js'], false],
  [['deno', 'run', '--watch', 'server.ts'], false],
  [[], false],
];

for (const [argv, expected] of cases) {
  test(`usesNodeWatch(${JSON.stringify(argv)}) is ${expected}`, () => {
    assert.equal(usesNodeWatch(argv), expected);
  });
}

test('the warning names the script and suggests systemfd watch', () => {
  assert.equal(describeNodeWatch(['node', 'server.js']), null);
  const line = describeNodeWatch(['node', '--watch-path', 'src', 'app.js', '--port', '3000']);
  assert.match(line ?? '', /^node --watch restarts the server itself .*'systemfd watch -- node app\.js' instead$/);
});
