// The hand-off as a consumer sees it: fds, flags, addresses, environment, info lines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ownFds, probe, probeArgv, type ProbeReport } from '../helpers/probe.js';
import { runCli } from '../helpers/process.js';
import { cliPath } from '../helpers/paths.js';
import { makeTempDir } from '../helpers/temp-dir.js';

test('one tcp socket: fd 3, LISTEN_* set, LISTEN_PID is the command\'s own pid', async () => {
  const { report, stderr } = await probe(['-s', '0']);
  assert.equal(report.env.LISTEN_FDS, '1');
  assert.equal(report.env.LISTEN_FDS_FIRST_FD, '3');
  assert.equal(report.env.LISTEN_FDNAMES, 'tcp');
  assert.equal(report.env.LISTEN_PID, String(report.pid));
  const [fd3, ...others] = report.fds;
  assert.equal(others.length, 0, 'no other fds leak into the command');
  assert.ok(fd3);
  assert.equal(fd3.fd, 3);
  assert.equal(fd3.family, 'inet');
  assert.equal(fd3.type, 'stream');
  assert.equal(fd3.listening, true);
  assert.equal(fd3.nonblocking, false, 'handed out blocking');
  assert.equal(fd3.cloexec, false, 'not close-on-exec in the child');
  assert.equal(fd3.reuseaddr, true);
  assert.equal(fd3.reuseport, false, 'SO_REUSEPORT is opt-in (--reuse-port), so a second systemfd on a busy port fails clearly');
  const address = fd3.address as { ip: string; port: number };
  assert.equal(address.ip, '127.0.0.1');
  assert.ok(address.port > 0);
  assert.equal(stderr, `~> socket 127.0.0.1:${address.port} (tcp listener) -> fd #3\n`);
});

test('several sockets keep command-line order, names and descriptions', async (t) => {
  const dir = makeTempDir(t);
  const { report, stderr } = await probe(['-s', 'http::0', '-s', 'tcp::[::1]:0', '-s', 'udp::0', '-s', 'api=unix::./x.sock', '-s', 'https::0'], { cwd: dir });
  assert.deepEqual(report.fds.map((f) => f.fd), [3, 4, 5, 6, 7]);
  assert.deepEqual(report.fds.map((f) => [f.family, f.type, f.listening]), [
    ['inet', 'stream', true],
    ['inet6', 'stream', true],
    ['inet', 'dgram', false],
    ['unix', 'stream', true],
    ['inet', 'stream', true],
  ]);
  assert.equal(report.env.LISTEN_FDS, '5');
  assert.equal(report.env.LISTEN_FDNAMES, 'http:tcp:udp:api:https');
  const port = (i: number) => (report.fds[i]?.address as { port: number }).port;
  assert.equal(report.fds[3]?.address, './x.sock', 'bound with the path as given');
  assert.equal(stderr, [
    `~> socket http://127.0.0.1:${port(0)}/ -> fd #3`,
    `~> socket [::1]:${port(1)} (tcp listener) -> fd #4`,
    `~> socket 127.0.0.1:${port(2)} (udp) -> fd #5`,
    '~> socket ./x.sock (unix listener) -> fd #6',
    `~> socket https://127.0.0.1:${port(4)}/ -> fd #7`,
    '',
  ].join('\n'));
});

test('fds 3 and 4 already open in the parent: sockets still arrive at 3 and 4', async (t) => {
  const dir = makeTempDir(t);
  const file = join(dir, 'f');
  writeFileSync(file, 'x');
  // The shell opens fds 3 and 4 on a file, then execs systemfd: it inherits them.
  const json = execFileSync('/bin/sh', ['-c', 'exec 3<"$0" 4<"$0"; exec "$@"', file, process.execPath, cliPath, '-q', '-s', '0', '-s', 'udp::0', '--', ...probeArgv()], { encoding: 'utf8' });
  const report = JSON.parse(json) as ProbeReport;
  assert.deepEqual(ownFds(report).map((f) => [f.fd, f.isSocket, f.type]), [[3, true, 'stream'], [4, true, 'dgram']]);
  assert.equal(report.env.LISTEN_FDS_FIRST_FD, '3');
});

test('--no-pid: no LISTEN_PID, even when one is inherited', async () => {
  const { report } = await probe(['--no-pid', '-s', '0'], { env: { ...process.env, LISTEN_PID: '1' } });
  assert.equal(report.env.LISTEN_PID, undefined);
  assert.equal(report.env.LISTEN_FDS, '1');
});

test('no sockets: a warning, and inherited LISTEN_* removed rather than leaked to the command', async () => {
  const { report, stderr } = await probe([], { env: { ...process.env, LISTEN_FDS: '2', LISTEN_PID: '1', LISTEN_FDNAMES: 'a:b' } });
  assert.equal(stderr, '~> warning: no sockets created\n');
  assert.deepEqual(report.env, {});
  assert.deepEqual(report.fds, []);
});

test('--no-reuse turns SO_REUSEADDR off; --reuse-port turns SO_REUSEPORT on', async () => {
  const off = await probe(['--no-reuse', '-s', '0']);
  assert.equal(off.report.fds[0]?.reuseaddr, false);
  assert.equal(off.report.fds[0]?.reuseport, false);
  const on = await probe(['--reuse-port', '-s', '0']);
  assert.equal(on.report.fds[0]?.reuseaddr, true);
  assert.equal(on.report.fds[0]?.reuseport, true);
});

test('-q prints nothing of ours; --color always paints the info line as upstream', async () => {
  const quiet = await probe(['-q', '-s', '0']);
  assert.equal(quiet.stderr, '');
  const colored = await probe(['--color', 'always', '-s', '0']);
  const port = (colored.report.fds[0]?.address as { port: number }).port;
  assert.equal(colored.stderr, `\u001b[1m\u001b[2m~>\u001b[0m \u001b[36msocket 127.0.0.1:${port} (tcp listener) -> fd #3\u001b[0m\n`);
  const noColor = await probe(['--color', 'auto', '-s', '0'], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  assert.doesNotMatch(noColor.stderr, /\u001b/);
});

test('the backlog reaches listen(): -b 7 shows in the kernel\'s table', async (t) => {
  // /proc/net/tcp has no backlog column; `ss -ltn` shows it as Send-Q. Skip where ss is missing.
  try {
    execFileSync('ss', ['-V'], { stdio: 'ignore' });
  } catch {
    t.skip('ss (iproute2) is not installed');
    return;
  }
  const result = await runCli(['-q', '-b', '7', '-s', '0', '--', '/bin/sh', '-c', 'ss -ltnH "sport = :$(python3 -c "import socket;print(socket.socket(fileno=3).getsockname()[1])")"']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /LISTEN\s+0\s+7\s/);
});

test('the exit status mirrors the command\'s', async () => {
  const result = await runCli(['-q', '--', '/bin/sh', '-c', 'exit 7']);
  assert.equal(result.code, 7);
});
