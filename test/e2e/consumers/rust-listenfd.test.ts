// Rust's listenfd crate, the library systemfd was written for:
// ListenFd::from_env() accepts LISTEN_PID == getpid() or no LISTEN_PID at all, and each take_*
// checks the fd's family and type.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { behindShell } from './shell.js';
import { assertGone, httpGet, startConsumer, udpExchange } from './run-consumer.js';
import { rustListenfd } from './toolchains.js';

const BUILD = { timeout: 320_000 }; // the first run may compile the consumer

test('listenfd take_tcp_listener / take_udp_socket / take_unix_listener accept our sockets and serve', BUILD, async (t) => {
  const consumer = await rustListenfd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const dir = makeTempDir(t);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'http::0', '-s', 'udp::0', '-s', 'unix::./rs.sock'], [...consumer.command, 'tcp', 'udp', 'unix'], { cwd: dir, sockets: 3 });
  const [tcp, udp] = announced.map((a) => a.port);
  assert.equal(report.listenPid, String(report.pid), 'LISTEN_PID is the consumer\'s own pid (exec trampoline)');
  assert.equal(report.count, 3);
  assert.equal(report.envAfter, null, 'ListenFd::from_env() consumed LISTEN_FDS');
  assert.deepEqual(report.sockets, [
    { fd: 3, kind: 'tcp', address: `127.0.0.1:${tcp}` },
    { fd: 4, kind: 'udp', address: `127.0.0.1:${udp}` },
    { fd: 5, kind: 'unix', address: './rs.sock' },
  ]);
  const who = `rust-listenfd pid=${report.pid}`;
  assert.equal((await httpGet({ port: tcp as number })).body, `${who} fd=3\n`);
  assert.equal(await udpExchange(udp as number, 'ping'), `${who} fd=4 got=ping`);
  assert.equal((await httpGet({ socketPath: join(dir, 'rs.sock') })).body, `${who} fd=5\n`);
  assertGone(await stop(), report.pid);
});

test('listenfd checks the socket type: a udp socket is no tcp listener, an IPv6 one is', BUILD, async (t) => {
  const consumer = await rustListenfd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'udp::0', '-s', 'tcp::[::1]:0'], [...consumer.command, 'tcp', 'tcp'], { sockets: 2 });
  const v6 = announced[1]?.port as number;
  assert.equal(report.count, 2);
  assert.deepEqual(report.sockets, [
    { index: 0, kind: 'tcp', error: 'fd 3 is not a valid tcp socket' },
    { fd: 4, kind: 'tcp', address: `[::1]:${v6}` },
  ]);
  assert.equal((await httpGet({ host: '::1', port: v6 })).body, `rust-listenfd pid=${report.pid} fd=4\n`);
  assertGone(await stop(), report.pid);
});

test('listenfd behind an intermediary shell: --no-pid makes it accept the sockets', BUILD, async (t) => {
  const consumer = await rustListenfd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, announced, stop } = await startConsumer(t, ['--no-pid', '-s', 'http::0'], behindShell([...consumer.command, 'tcp']), { sockets: 1 });
  const port = announced[0]?.port as number;
  assert.equal(report.listenPid, null);
  assert.equal(report.count, 1);
  assert.deepEqual(report.sockets, [{ fd: 3, kind: 'tcp', address: `127.0.0.1:${port}` }]);
  assert.equal((await httpGet({ port })).body, `rust-listenfd pid=${report.pid} fd=3\n`);
  assertGone(await stop(), report.pid);
});

test('listenfd behind an intermediary shell without --no-pid: LISTEN_PID names the shell, nothing taken', BUILD, async (t) => {
  const consumer = await rustListenfd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, run } = await startConsumer(t, ['-s', 'http::0'], behindShell([...consumer.command, 'tcp']), { sockets: 1 });
  assert.notEqual(report.listenPid, String(report.pid));
  assert.match(report.listenPid ?? '', /^\d+$/);
  assert.equal(report.count, 0);
  assert.deepEqual(report.sockets, [{ index: 0, kind: 'tcp', result: 'none' }]);
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});
