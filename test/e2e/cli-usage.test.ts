// The command line itself: help, version, and every usage error (stderr, exit 2, naming the
// argument; SPEC B.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/process.js';

test('--version and -V print `systemfd <version>`', async () => {
  for (const flag of ['--version', '-V']) {
    const { code, stdout } = await runCli([flag]);
    assert.equal(code, 0);
    assert.match(stdout, /^systemfd \d+\.\d+\.\d+\n$/);
  }
});

test('--help lists every flag and exits 0', async () => {
  const { code, stdout } = await runCli(['--help']);
  assert.equal(code, 0);
  for (const flag of ['--socket', '--backlog', '--no-reuse', '--reuse-port', '--no-pid', '--quiet', '--color', '--version']) {
    assert.ok(stdout.includes(flag.replace('--no-', '--')) || stdout.includes(flag), `help mentions ${flag}`);
  }
  assert.match(stdout, /watch/);
  assert.doesNotMatch(stdout, /\u001b\[/, 'no colour escapes into a pipe');
});

const usageErrors: Array<[string, string[], RegExp]> = [
  ['no command at all', [], /missing command/],
  ['nothing after --', ['-s', '0', '--'], /missing command/],
  ['command without --', ['-s', '0', 'node'], /^error: unexpected argument 'node': the command goes after `--`/],
  ['unknown flag', ['--frobnicate', '--', 'true'], /--frobnicate/],
  ['backlog 0', ['-b', '0', '--', 'true'], /Invalid value for -b:.*range/],
  ['--backlog too big', ['--backlog', '2147483648', '--', 'true'], /Invalid value for --backlog/],
  ['backlog not a number', ['-b', 'abc', '--', 'true'], /Invalid value for -b: expected a number/],
  ['bad --color', ['--color', 'sometimes', '--', 'true'], /--color/],
  ['bad -E', ['-E', 'NOEQUALS', '--', 'true'], /--env.*KEY=VALUE/],
  ['-b without its value', ['-b'], /option -b needs a value/],
  ['--socket without its value', ['--socket'], /option --socket needs a value/],
];

for (const [name, args, pattern] of usageErrors) {
  test(`usage error: ${name}`, async () => {
    const { code, stdout, stderr } = await runCli(args);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /^error: /);
    assert.match(stderr, pattern);
    assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });
}

const specErrors: Array<[string, string]> = [
  ['foo', "unsupported specification 'foo'. Please provide an explicit socket type"],
  ['rel.sock', "unsupported specification 'rel.sock'. Please provide an explicit socket type"],
  ['localhost:5000', "unsupported specification 'localhost:5000'. Please provide an explicit socket type"],
  ['tcp::', "unsupported specification 'tcp::'. Please provide an explicit socket type"],
  ['TCP::5000', "unknown socket type 'TCP'"],
  ['abcd::1', "unknown socket type 'abcd'"],
  ['tcp::localhost:5000', 'invalid socket address syntax'],
  ['tcp::70000', 'invalid socket address syntax'],
];

for (const [spec, message] of specErrors) {
  test(`bad socket spec '${spec}' is one error line on stderr with upstream's wording`, async () => {
    const { code, stdout, stderr } = await runCli(['-s', spec, '--', 'true']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `error: ${message}\n`);
  });
}

test('a command that does not exist is named in the error, exit 127', async () => {
  const { code, stderr } = await runCli(['-q', '--', 'no-such-command-systemfd-test']);
  assert.equal(code, 127);
  assert.match(stderr, /^error: command not found: 'no-such-command-systemfd-test'/);
  assert.equal(stderr.trim().split('\n').length, 1);
});

test('a path that does not exist is named in the error', async () => {
  const { code, stderr } = await runCli(['-q', '--', './nope/not-here']);
  assert.equal(code, 127);
  assert.match(stderr, /error: failed to start '\.\/nope\/not-here': no such file \(ENOENT\)/);
});
