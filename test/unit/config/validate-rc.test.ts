// Every validation error path of .systemfdrc: one line naming the file, the JSON pointer and
// what was expected, so the user can go straight to the fault. Messages are compared in full so a vaguer one fails the test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../../src/errors.js';
import { parseRc } from '../../../src/config/parse-rc.js';

const problems: Array<[string, string, string]> = [
  ['unknown key with a suggestion', '{"sokets": []}', "/sokets: unknown key 'sokets' (did you mean 'sockets'?)"],
  ['unknown key in kebab case', '{"stop-timeout": "1s"}', "/stop-timeout: unknown key 'stop-timeout' (did you mean 'stopTimeout'?)"],
  ['unknown key, nothing close', '{"xyzzy": 1}', "/xyzzy: unknown key 'xyzzy'"],
  ['wrong type: string for array', '{"sockets": "http::0"}', '/sockets: expected an array of non-empty strings, got a string ("http::0")'],
  ['wrong type: boolean', '{"quiet": "yes"}', '/quiet: expected true or false, got a string ("yes")'],
  ['wrong type: integer', '{"backlog": "x"}', '/backlog: expected an integer from 1 to 2147483647, got a string ("x")'],
  ['out of range', '{"backlog": 0}', '/backlog: expected an integer from 1 to 2147483647, got a number (0)'],
  ['not an integer', '{"backlog": 1.5}', '/backlog: expected an integer from 1 to 2147483647, got a number (1.5)'],
  ['enum', '{"color": "red"}', '/color: expected one of "auto", "always", "never", got a string ("red")'],
  ['command of the wrong type', '{"command": 5}', '/command: expected a non-empty string or an array of strings, got a number (5)'],
  ['empty command array', '{"command": []}', '/command: expected a non-empty array'],
  ['no watch path at all', '{"watch": []}', '/watch: expected a non-empty array'],
  ['duration past the timer limit', '{"debounce": "99999h"}', '/debounce: 99999h is longer than the 24-day maximum (Node timers cannot wait longer)'],
  ['negative duration', '{"stopTimeout": "-1s"}', '/stopTimeout: -1s is not a duration: it is negative; write e.g. 100ms, 1.5s, 2m or 1m30s (units: ms, s, m, h)'],
  ['poll interval of zero', '{"poll": "0ms"}', '/poll: 0ms is shorter than the minimum of 1ms'],
  ['unterminated quote in the command', '{"command": "node \'x.js"}', "/command: unterminated ' quote in command: node 'x.js"],
  ['a setting still being built', '{"readyTimeout": "5"}', "/readyTimeout: duration '5' has no unit: write 5ms or 5s (units: ms, s, m, h)"],
  ['$schema not a string', '{"$schema": 1}', '/$schema: expected a string, got a number (1)'],
  ['deep value shown short', '{"quiet": [[[[1]]]]}', '/quiet: expected true or false, got an array ([[...]])'],
  ['array element of the wrong type', '{"build": ["ok", 1]}', '/build/1: expected a non-empty string, got a number (1)'],
  ['env value not a string', '{"env": {"A": 1}}', '/env/A: expected a string, got a number (1)'],
  ['env name with =', '{"env": {"A=B": "1"}}', "/env/A=B: expected a variable name without '='"],
  ['env not an object', '{"env": ["A=1"]}', '/env: expected an object of strings, got an array (["A=1"])'],
  ['bad socket type in the file', '{"sockets": ["http::0", "tpc::1"]}', "/sockets/1: unknown socket type 'tpc'"],
  ['socket without a type', '{"sockets": ["foo"]}', "/sockets/0: unsupported specification 'foo'. Please provide an explicit socket type"],
  ['bad socket address', '{"sockets": ["tcp::localhost:5000"]}', "/sockets/0: invalid socket address syntax (host names such as 'localhost' are not resolved: use tcp::127.0.0.1:5000 or tcp::[::1]:5000)"],
  ['empty socket spec', '{"sockets": [""]}', '/sockets/0: expected a non-empty string'],
  ['duration without unit', '{"debounce": "5"}', "/debounce: duration '5' has no unit: write 5ms or 5s (units: ms, s, m, h)"],
  ['bad poll interval', '{"poll": "1x"}', "/poll: invalid duration '1x' at '1x': write e.g. 100ms, 1.5s, 2m or 1m30s (units: ms, s, m, h)"],
  ['poll of the wrong type', '{"poll": 5}', '/poll: expected true or false or a duration with a unit (\"1s\"), got a number (5)'],
  ['unknown signal', '{"stopSignal": "SIGFOO"}', "/stopSignal: unknown signal 'SIGFOO', expected a name such as SIGTERM, SIGINT or SIGHUP"],
  ['not an object', '[1]', 'expected a JSON object with settings at the top level, got an array ([1])'],
  ['trailing comma', '{\n  "quiet": true,\n}', 'invalid JSON at line 3 column 1: unexpected "}", expected a key (no trailing comma in JSON)'],
  ['missing value', '{\n  "quiet": }', 'invalid JSON at line 2 column 12: unexpected "}", expected a value'],
  ['bare word', '{"quiet": yes}', "invalid JSON at line 1 column 11: unexpected 'yes', expected a value"],
  ['empty file', '', 'invalid JSON at line 1 column 1: unexpected end of file, expected a value'],
  ['comment', '{\n  // no comments in JSON\n  "quiet": true\n}', 'invalid JSON at line 2 column 3: unexpected "/", expected a double-quoted key'],
];

for (const [name, text, expected] of problems) {
  test(`error: ${name}`, () => {
    assert.throws(() => parseRc(text, '.systemfdrc', '/project'), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 2);
      assert.equal(error.message, `.systemfdrc: ${expected}`);
      assert.equal(error.message.split('\n').length, 1);
      return true;
    });
  });
}

test('a valid file gives its settings; $schema is dropped; cwd is the file directory', () => {
  const settings = parseRc(JSON.stringify({
    $schema: './node_modules/systemfd/.systemfdrc.schema.json',
    sockets: ['web=http::0', 'udp::[::1]:0', 'unix::./app.sock'],
    command: ['node', 'server.js'],
    env: { A: '1' },
    poll: '1s',
    stopSignal: 'int',
    build: 'npm run build',
  }), '.systemfdrc', '/project');
  assert.deepEqual(settings, {
    sockets: ['web=http::0', 'udp::[::1]:0', 'unix::./app.sock'],
    command: ['node', 'server.js'],
    env: { A: '1' },
    poll: '1s',
    stopSignal: 'int',
    build: 'npm run build',
    cwd: '/project',
  });
});

test('cwd in the file is relative to the file directory', () => {
  assert.equal(parseRc('{"cwd": "app"}', 'x', '/project').cwd, '/project/app');
  assert.equal(parseRc('{"cwd": ".."}', 'x', '/project/config').cwd, '/project');
  assert.equal(parseRc('{"cwd": "/srv"}', 'x', '/project').cwd, '/srv');
});

test('a byte-order mark is ignored', () => {
  assert.deepEqual(parseRc('\uFEFF{"quiet": true}', 'x', '/p'), { quiet: true, cwd: '/p' });
});
