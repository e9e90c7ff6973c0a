// python-systemd, one of the real consumers systemfd must keep working with: systemd.daemon's
// listen_fds_with_names() wraps libsystemd and only accepts sockets whose LISTEN_PID is its own.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { behindShell } from './shell.js';
import { assertGone, httpGet, startConsumer, udpExchange } from './run-consumer.js';
import { pythonSystemd } from './toolchains.js';

test('python-systemd takes a tcp, a udp and a unix socket by name and serves on them', async (t) => {
  const consumer = await pythonSystemd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const dir = makeTempDir(t);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'web=http::0', '-s', 'udp::0', '-s', 'unix::./py.sock'], consumer.command, { cwd: dir, sockets: 3 });
  const [web, udp] = announced.map((a) => a.port);
  assert.equal(report.listenPid, String(report.pid), 'LISTEN_PID is the consumer\'s own pid (exec trampoline)');
  assert.equal(report.count, 3);
  assert.deepEqual(report.sockets, [
    { fd: 3, name: 'web', kind: 'tcp', address: `127.0.0.1:${web}` },
    { fd: 4, name: 'udp', kind: 'udp', address: `127.0.0.1:${udp}` },
    { fd: 5, name: 'unix', kind: 'unix', address: './py.sock' },
  ]);
  const who = `python-systemd pid=${report.pid}`;
  assert.equal((await httpGet({ port: web as number })).body, `${who} fd=3\n`);
  assert.equal(await udpExchange(udp as number, 'ping'), `${who} fd=4 got=ping`);
  assert.equal((await httpGet({ socketPath: join(dir, 'py.sock') })).body, `${who} fd=5\n`);
  assertGone(await stop(), report.pid);
});

test('python-systemd refuses the sockets when LISTEN_PID names an intermediary shell', async (t) => {
  const consumer = await pythonSystemd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, run } = await startConsumer(t, ['-s', 'http::0'], behindShell(consumer.command), { sockets: 1 });
  assert.notEqual(report.listenPid, String(report.pid), 'the shell\'s pid, not the consumer\'s');
  assert.match(report.listenPid ?? '', /^\d+$/);
  assert.equal(report.count, 0, 'the library checks LISTEN_PID: so the passing test above proves the trampoline');
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});
