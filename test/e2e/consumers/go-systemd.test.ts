// go-systemd's activation package: Listeners(), PacketConns() and
// ListenersWithNames() all go through activation.Files, which requires LISTEN_PID == getpid().
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { behindShell } from './shell.js';
import { assertGone, httpGet, startConsumer, udpExchange } from './run-consumer.js';
import { goSystemd } from './toolchains.js';

const BUILD = { timeout: 320_000 }; // the first run may compile the consumer

test('go-systemd activation.Listeners() serves HTTP on a tcp and a unix socket', BUILD, async (t) => {
  const consumer = await goSystemd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const dir = makeTempDir(t);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'http::0', '-s', 'unix::./go.sock'], [...consumer.command, 'listeners'], { cwd: dir, sockets: 2 });
  const port = announced[0]?.port as number;
  assert.equal(report.listenPid, String(report.pid), 'LISTEN_PID is the consumer\'s own pid (exec trampoline)');
  assert.equal(report.count, 2);
  assert.equal(report.envAfter, null, 'activation.Files unset LISTEN_*');
  assert.deepEqual(report.sockets, [
    { fd: 3, kind: 'tcp', address: `127.0.0.1:${port}` },
    { fd: 4, kind: 'unix', address: './go.sock' },
  ]);
  const who = `go-systemd pid=${report.pid}`;
  assert.equal((await httpGet({ port })).body, `${who} fd=3\n`);
  assert.equal((await httpGet({ socketPath: join(dir, 'go.sock') })).body, `${who} fd=4\n`);
  assertGone(await stop(), report.pid);
});

test('go-systemd activation.PacketConns() echoes on a udp socket', BUILD, async (t) => {
  const consumer = await goSystemd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'udp::0'], [...consumer.command, 'packets'], { sockets: 1 });
  const port = announced[0]?.port as number;
  assert.equal(report.count, 1);
  assert.deepEqual(report.sockets, [{ fd: 3, kind: 'udp', address: `127.0.0.1:${port}` }]);
  assert.equal(await udpExchange(port, 'ping'), `go-systemd pid=${report.pid} fd=3 got=ping`);
  assertGone(await stop(), report.pid);
});

test('go-systemd activation.ListenersWithNames() sees the names from -s NAME=..., IPv6 included', BUILD, async (t) => {
  const consumer = await goSystemd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, announced, stop } = await startConsumer(t, ['-s', 'web=http::0', '-s', 'api=tcp::[::1]:0'], [...consumer.command, 'names'], { sockets: 2 });
  const [web, api] = announced.map((a) => a.port as number);
  assert.equal(report.count, 2);
  assert.deepEqual(report.sockets, [
    { name: 'api', kind: 'tcp', address: `[::1]:${api}` },
    { name: 'web', kind: 'tcp', address: `127.0.0.1:${web}` },
  ]);
  const who = `go-systemd pid=${report.pid}`;
  assert.equal((await httpGet({ port: web as number })).body, `${who} name=web\n`);
  assert.equal((await httpGet({ host: '::1', port: api as number })).body, `${who} name=api\n`);
  assertGone(await stop(), report.pid);
});

test('go-systemd refuses the sockets when LISTEN_PID names an intermediary shell', BUILD, async (t) => {
  const consumer = await goSystemd();
  if ('skip' in consumer) return t.skip(consumer.skip);
  const { report, run } = await startConsumer(t, ['-s', 'http::0'], behindShell([...consumer.command, 'listeners']), { sockets: 1 });
  assert.notEqual(report.listenPid, String(report.pid));
  assert.match(report.listenPid ?? '', /^\d+$/);
  assert.equal(report.count, 0);
  assert.deepEqual(await run.exited, { code: 0, signal: null });
});
