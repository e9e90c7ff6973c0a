// The command line itself: help, version, and every usage error: one line on stderr naming the
// argument, exit 2, as upstream systemfd does, so scripts can tell a typo from a failing command.
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

test('help names values instead of #0 and shows where the command goes; `systemfd help` works', async () => {
  const once = await runCli(['--help']);
  const help = await runCli(['help']);
  assert.equal(help.code, 0);
  assert.equal(help.stdout, once.stdout);
  assert.match(once.stdout, /^\$ systemfd \[OPTIONS\] -- COMMAND\.\.\.$/m);
  assert.match(once.stdout, /^ {2}-s,--socket SPEC +Socket to open/m);
  assert.match(once.stdout, /^ {2}-b,--backlog N +Listen backlog/m);
  const watch = await runCli(['help', 'watch']);
  assert.equal(watch.code, 0);
  assert.equal(watch.stdout, (await runCli(['watch', '--help'])).stdout);
  assert.match(watch.stdout, /^\$ systemfd watch \[OPTIONS\] -- COMMAND\.\.\.$/m);
  assert.match(watch.stdout, /^ {2}--poll\[=DURATION\] +Poll for changes/m);
  assert.match(watch.stdout, /^ {2}--stop-timeout DURATION +How long to wait .*Default: 5s\./m);
  for (const text of [once.stdout, watch.stdout]) {
    assert.doesNotMatch(text, /#\d/, 'no clipanion placeholders');
    const columns = new Set(text.split('\n').filter((line) => /^ {2}-/.test(line)).map((line) => /^ {2}\S+(?: \S+)? {4,}/.exec(line)?.[0].length));
    assert.equal(columns.size, 1, 'descriptions start in one column');
  }
  assert.match(watch.stdout, /--overlap[\s\S]*--ready-timeout|--ready-timeout[\s\S]*--overlap/, 'live watch settings are in help');
  assert.match(watch.stdout, /^ {2}--proxy +Keep the tcp, http, https and unix sockets/m);
});

const usageErrors: Array<[string, string[], RegExp]> = [
  ['no command at all', [], /missing command/],
  ['nothing after --', ['-s', '0', '--'], /missing command/],
  ['command without --', ['-s', '0', 'node'], /^error: unexpected argument 'node': the command goes after `--`, e\.g\. `systemfd -s 0 -- node`\n$/],
  ['command without -- in watch mode', ['watch', '-s', '0', 'node', 'x.js'], /^error: unexpected argument 'node': the command goes after `--`, e\.g\. `systemfd watch -s 0 -- node x\.js`\n$/],
  ['unknown flag', ['--frobnicate', '--', 'true'], /^error: unknown option '--frobnicate' \(see `systemfd --help`\)\n$/],
  ['mistyped flag', ['--soket', '0', '--', 'true'], /^error: unknown option '--soket' \(did you mean '--socket'\?\)/],
  ['mistyped watch flag', ['watch', '--stop-timout', '1s', '--', 'true'], /^error: unknown option '--stop-timout' \(did you mean '--stop-timeout'\?\) \(see `systemfd watch --help`\)\n$/],
  ['watch flag in one-shot mode', ['--debounce', '1s', '--', 'true'], /^error: option --debounce is for watch mode: `systemfd watch --debounce \.\.\.`\n$/],
  ['backlog 0', ['-b', '0', '--', 'true'], /^error: -b: 0 is not an integer from 1 to 2147483647\n$/],
  ['--backlog too big', ['--backlog', '2147483648', '--', 'true'], /^error: --backlog: 2147483648 is not an integer from 1 to 2147483647\n$/],
  ['backlog not a number', ['-b', 'abc', '--', 'true'], /^error: -b: abc is not an integer/],
  ['negative backlog after a space', ['-b', '-1', '--', 'true'], /^error: -b: -1 is not an integer from 1 to 2147483647\n$/],
  ['bad --color', ['--color', 'sometimes', '--', 'true'], /^error: --color: sometimes is not one of auto, always, never\n$/],
  ['bad -E', ['-E', 'NOEQUALS', '--', 'true'], /^error: -E: expected KEY=VALUE, got 'NOEQUALS'\n$/],
  ['-b without its value', ['-b'], /option -b needs a value/],
  ['--socket without its value', ['--socket'], /option --socket needs a value/],
  ['-E followed by a flag', ['-E', '-q', '--', 'true'], /option -E needs a value/],
  ['negative debounce after a space', ['watch', '--debounce', '-5', '--', 'true'], /^error: --debounce: -5 is not a duration: it is negative; write e\.g\. 100ms/],
  ['negative -d', ['watch', '-d', '-5ms', '--', 'true'], /^error: -d: -5ms is not a duration: it is negative/],
  ['negative stop timeout', ['watch', '--stop-timeout', '-1s', '--', 'true'], /^error: --stop-timeout: -1s is not a duration: it is negative/],
  ['stop timeout past the timer limit', ['watch', '--stop-timeout', '1000h', '--', 'true'], /^error: --stop-timeout: 1000h is longer than the 24-day maximum/],
  ['debounce past the timer limit', ['watch', '--debounce=99999h', '--', 'true'], /^error: --debounce: 99999h is longer than the 24-day maximum/],
  ['duration without a unit', ['watch', '--stop-timeout', '5', '--', 'true'], /^error: --stop-timeout: duration '5' has no unit: write 5ms or 5s/],
  ['poll interval of 0', ['watch', '--poll', '0ms', '--', 'true'], /^error: --poll: 0ms is shorter than the minimum of 1ms\n$/],
  ['empty build step', ['watch', '-x', '', '--', 'true'], /^error: -x: expected a shell command, got an empty text\n$/],
  ['empty watch path', ['watch', '-w', '', '--', 'true'], /^error: -w: expected a path, got an empty text\n$/],
  ['unknown stop signal', ['watch', '--stop-signal', 'NOPE', '--', 'true'], /^error: --stop-signal: unknown signal 'NOPE'/],
  ['empty --config', ['--config', '', '--', 'true'], /^error: --config: expected a non-empty string, got an empty text\n$/],
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
  ['localhost:5000', "unsupported specification 'localhost:5000'. Please provide an explicit socket type (host names such as 'localhost' are not resolved: use 127.0.0.1:5000 or [::1]:5000)"],
  ['99999', "unsupported specification '99999'. Please provide an explicit socket type (port 99999 is out of range: ports go from 0 to 65535)"],
  ['-1', "unsupported specification '-1'. Please provide an explicit socket type"],
  ['tcp::', "unsupported specification 'tcp::'. Please provide an explicit socket type"],
  ['TCP::5000', "unknown socket type 'TCP'"],
  ['abcd::1', "unknown socket type 'abcd'"],
  ['tcp::localhost:5000', "invalid socket address syntax (host names such as 'localhost' are not resolved: use tcp::127.0.0.1:5000 or tcp::[::1]:5000)"],
  ['tcp::70000', 'invalid socket address syntax (port 70000 is out of range: ports go from 0 to 65535)'],
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
