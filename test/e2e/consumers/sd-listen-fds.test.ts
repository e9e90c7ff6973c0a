// systemd's own sd_listen_fds_with_names(3) from libsystemd, compiled with the system's C
// compiler: the reference implementation the other ports copy.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { behindShell } from './shell.js';
import { assertGone, httpGet, startConsumer, udpExchange } from './run-consumer.js';
import { sdListenFds } from './toolchains.js';

test('sd_listen_fds takes a tcp, a udp and a unix socket by name and serves on them', { timeout: 320_000 }, async (t) => {
  const consumer = await sdListenFds();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const dir = makeTempDir(t);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'web=http::0', '-s', 'udp::0', '-s', 'unix::./c.sock'], consumer.command, { cwd: dir, sockets: 3 });
  const [web, udp] = announced.map((a) => a.port);
  assert.equal(report.listenPid, String(report.pid), 'LISTEN_PID is the consumer\'s own pid (exec trampoline)');
  assert.equal(report.count, 3);
  assert.equal(report.envAfter, null, 'sd_listen_fds(unset_environment=1) consumed LISTEN_*');
  assert.deepEqual(report.sockets, [
    { fd: 3, name: 'web', kind: 'tcp', address: `127.0.0.1:${web}` },
    { fd: 4, name: 'udp', kind: 'udp', address: `127.0.0.1:${udp}` },
    { fd: 5, name: 'unix', kind: 'unix', address: './c.sock' },
  ]);
  const who = `sd_listen_fds pid=${report.pid}`;
  assert.equal((await httpGet({ port: web as number })).body, `${who} fd=3\n`);
  assert.equal(await udpExchange(udp as number, 'ping'), `${who} fd=4 got=ping`);
  assert.equal((await httpGet({ socketPath: join(dir, 'c.sock') })).body, `${who} fd=5\n`);
  assertGone(await stop(), report.pid);
});

test('sd_listen_fds refuses the sockets when LISTEN_PID names an intermediary shell', { timeout: 320_000 }, async (t) => {
  const consumer = await sdListenFds();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, run } = await startConsumer(t, ['-s', 'http::0'], behindShell(consumer.command), { sockets: 1 });
  assert.notEqual(report.listenPid, String(report.pid));
  assert.match(report.listenPid ?? '', /^\d+$/);
  assert.equal(report.count, 0);
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});

test('sd_listen_fds needs LISTEN_PID: with --no-pid it takes nothing (use --no-pid only for intermediaries)', { timeout: 320_000 }, async (t) => {
  const consumer = await sdListenFds();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, run } = await startConsumer(t, ['--no-pid', '-s', 'http::0'], consumer.command, { sockets: 1 });
  assert.equal(report.listenPid, null, '--no-pid sets no LISTEN_PID');
  assert.equal(report.count, 0);
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});
