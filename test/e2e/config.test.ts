// .systemfdrc through the real CLI: `systemfd watch` with no arguments runs from the
// file, flags win over it, discovery from nested directories stops at the repository root, and
// every kind of mistake in the file is one `error:` line naming file, key and expectation.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { fixture } from '../helpers/paths.js';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { get } from '../helpers/http.js';

interface Facts { pid: number; cwd: string; argv: string[]; env: Record<string, string | null> }

// Safety net: a server left by a failed test is killed by pid (only ones this file started).
const serverPids: number[] = [];
after(() => { for (const pid of serverPids) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });

const serverCommand = [process.execPath, fixture('config-server.mjs')];

function project(t: TestContext, rc: unknown, extra: Record<string, string> = {}): string {
  const root = makeTempDir(t);
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.systemfdrc'), typeof rc === 'string' ? rc : JSON.stringify(rc, null, 2));
  for (const [name, content] of Object.entries(extra)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

function run(t: TestContext, args: string[], cwd: string): Running {
  const running = startCli(args, { cwd });
  t.after(() => running.stop());
  return running;
}

async function ask(running: Running, pattern = /http:\/\/127\.0\.0\.1:(\d+)\//): Promise<Facts> {
  const [, port] = await running.waitFor(pattern);
  await running.waitFor(/ready \d+/, { stream: 'stdout' });
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.ok(reply.ok, reply.error);
  const facts = JSON.parse(reply.body) as Facts;
  serverPids.push(facts.pid);
  return facts;
}

test('`systemfd watch` with no arguments runs entirely from the file', async (t) => {
  const root = project(t, { sockets: ['web=http::0'], command: [...serverCommand, 'from-file'], env: { A: 'file' }, debounce: '20ms' });
  const running = run(t, ['watch', '--no-stdin'], root);
  const facts = await ask(running);
  assert.deepEqual(facts.argv, ['from-file']);
  assert.equal(facts.env.A, 'file');
  assert.equal(facts.env.LISTEN_FDNAMES, 'web');
  assert.equal(facts.cwd, root);
});

test('the one-shot mode reads the file too; the command string is split like a shell', async (t) => {
  const root = project(t, { sockets: ['http::0'], command: `'${process.execPath}' '${fixture('config-server.mjs')}' "two words"` });
  const facts = await ask(run(t, [], root));
  assert.deepEqual(facts.argv, ['two words']);
});

test('flags win over the file: sockets replaced, env merged, command after -- replaces', async (t) => {
  const root = project(t, { sockets: ['http::0'], command: [...serverCommand, 'from-file'], env: { A: 'file', B: 'file' }, quiet: false });
  const running = run(t, ['watch', '--no-stdin', '-s', 'named=tcp::0', '-E', 'B=flag', '--', ...serverCommand, 'from-flags'], root);
  const facts = await ask(running, /127\.0\.0\.1:(\d+) \(tcp listener\)/);
  assert.deepEqual(facts.argv, ['from-flags']);
  assert.deepEqual([facts.env.A, facts.env.B, facts.env.LISTEN_FDNAMES], ['file', 'flag', 'named']);
  assert.doesNotMatch(running.stderr(), /http:\/\//, 'the file\'s socket is not opened');
});

test('--quiet in the file silences the info lines; --config picks another file', async (t) => {
  const root = project(t, { sockets: ['http::0'], command: serverCommand, quiet: true }, { 'alt.json': JSON.stringify({ sockets: ['http::0'], command: [...serverCommand, 'alt'] }) });
  const quiet = run(t, [], root);
  await quiet.waitFor(/ready \d+/, { stream: 'stdout' });
  assert.doesNotMatch(quiet.stderr(), /~> socket/);
  const alt = await ask(run(t, ['--config', 'alt.json'], root));
  assert.deepEqual(alt.argv, ['alt']);
});

test('from a nested directory the file is found and the command runs in its directory', async (t) => {
  const root = project(t, { sockets: ['http::0'], command: [...serverCommand, 'nested'] }, { 'src/deep/x.js': '' });
  const facts = await ask(run(t, ['watch', '--no-stdin'], join(root, 'src/deep')));
  assert.deepEqual(facts.argv, ['nested']);
  assert.equal(facts.cwd, root, 'relative paths in the file are relative to the file: the command runs there');
});

test('a relative unix socket path in the file is relative to the file, from any subdirectory', async (t) => {
  const root = project(t, { sockets: ['unix::./app.sock'], command: serverCommand }, { 'sub/x.js': '' });
  const running = run(t, [], join(root, 'sub'));
  await running.waitFor(/ready \d+/, { stream: 'stdout' });
  assert.ok(existsSync(join(root, 'app.sock')), 'the socket is next to the file');
  assert.equal(existsSync(join(root, 'sub/app.sock')), false);
  await running.stop();
  assert.equal(existsSync(join(root, 'app.sock')), false, 'removed at exit');
});

test('the search stops at the repository root', async (t) => {
  const outer = project(t, { sockets: ['http::0'], command: serverCommand });
  mkdirSync(join(outer, 'inner/.git'), { recursive: true });
  const { code, stderr } = await runCli(['-q'], { cwd: join(outer, 'inner') });
  assert.equal(code, 2);
  assert.match(stderr, /^error: missing command/);
});

const fileErrors: Array<[string, string, RegExp]> = [
  ['unknown key with a suggestion', '{"sokets": ["http::0"]}', /^error: \.systemfdrc: \/sokets: unknown key 'sokets' \(did you mean 'sockets'\?\)\n$/],
  ['wrong type', '{"quiet": "yes"}', /^error: \.systemfdrc: \/quiet: expected true or false, got a string \("yes"\)\n$/],
  ['bad socket spec inside the file', '{"sockets": ["http::0", "tpc::1"]}', /^error: \.systemfdrc: \/sockets\/1: unknown socket type 'tpc'\n$/],
  ['invalid JSON', '{\n  "quiet": true,\n}\n', /^error: \.systemfdrc: invalid JSON at line 3 column 1: unexpected "}", expected a key \(no trailing comma in JSON\)\n$/],
  ['bad duration', '{"stopTimeout": "5"}', /^error: \.systemfdrc: \/stopTimeout: duration '5' has no unit/],
  ['duration past the timer limit', '{"stopTimeout": "1000h"}', /^error: \.systemfdrc: \/stopTimeout: 1000h is longer than the 24-day maximum \(Node timers cannot wait longer\)\n$/],
  ['empty build step', '{"build": ["npm run build", ""]}', /^error: \.systemfdrc: \/build\/1: expected a non-empty string\n$/],
  ['a setting still being built, of the wrong type', '{"overlap": "yes"}', /^error: \.systemfdrc: \/overlap: expected true or false, got a string \("yes"\)\n$/],
  ['nested 5,000 levels deep', `{"env": ${'['.repeat(5000)}${']'.repeat(5000)}}`, /^error: \.systemfdrc: nested more than 64 levels deep at line 1 column 72 \(settings need three at most\)\n$/],
  ['nested 100,000 levels deep and broken', `{"sockets": ${'{"a":'.repeat(100_000)}`, /^error: \.systemfdrc: nested more than 64 levels deep at line 1 column/],
];

for (const [name, text, pattern] of fileErrors) {
  test(`a mistake in the file stops before anything runs: ${name}`, async (t) => {
    const root = project(t, text);
    for (const args of [['--', ...serverCommand], ['watch', '--', ...serverCommand]]) {
      const { code, stdout, stderr } = await runCli(args, { cwd: root });
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '', 'the command never ran');
      assert.match(stderr, pattern);
    }
  });
}

test('--config naming a missing file is an error', async (t) => {
  const root = makeTempDir(t);
  const { code, stderr } = await runCli(['--config', 'missing.json', '--', 'true'], { cwd: root });
  assert.equal(code, 2);
  assert.equal(stderr, 'error: config file not found: missing.json (given with --config)\n');
});

test('--config naming a FIFO is an error at once, not a read that waits for a writer', async (t) => {
  const root = makeTempDir(t);
  execFileSync('mkfifo', [join(root, 'rc.fifo')]);
  const { code, stdout, stderr } = await runCli(['--config', 'rc.fifo', '--', 'true'], { cwd: root, timeout: 20_000 });
  assert.equal(code, 2, stderr);
  assert.equal(stdout, '');
  assert.equal(stderr, 'error: cannot read rc.fifo: it is not a regular file (a FIFO)\n');
});

test('a FIFO named .systemfdrc is not taken for the settings file', async (t) => {
  const root = makeTempDir(t);
  mkdirSync(join(root, '.git'));
  execFileSync('mkfifo', [join(root, '.systemfdrc')]);
  const { code, stderr } = await runCli(['-q', '--', 'true'], { cwd: root, timeout: 20_000 });
  assert.equal(code, 0, stderr);
});
