// Readiness with real processes: the preload's report (replace mode's restart line says how
// long the start took), sd_notify through NOTIFY_SOCKET from libsystemd and python-systemd
// unchanged, and the timeout for a generation that gives no signal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { eventually } from '../helpers/process.js';
import { goNotifyServer, pythonNotifyServer, sdNotifyServer, type Consumer } from './consumers/toolchains.js';
import { startGenerations } from './generations-harness.js';

const skip = process.platform === 'win32' ? 'the preload and NOTIFY_SOCKET are POSIX-only' : false;

test('replace mode: the restart line says how long the new generation took to become ready', { skip }, async (t) => {
  const run = await startGenerations(t, { serverArgs: ['--boot=300'] });
  await run.waitFor(/~> start \(first run\) - started pid \d+, ready in [\d.]+m?s/);
  run.write('v1');
  const [, amount, unit] = await run.waitFor(/~> restart \(app\.js changed\) - stopped in [\d.]+m?s, started pid \d+, ready in ([\d.]+)(ms|s)\n/);
  const readyMs = Number(amount) * (unit === 's' ? 1000 : 1);
  assert.ok(readyMs >= 300, `ready after the 300 ms boot, not before (${readyMs} ms)`);
  assert.match((await get(run.url)).body, /^v1 /);
});

for (const [name, find] of [['libsystemd sd_notify (C)', sdNotifyServer], ['python-systemd daemon.notify', pythonNotifyServer], ['go-systemd daemon.SdNotify', goNotifyServer]] as const) {
  test(`${name}: READY=1 switches an overlapped restart, STATUS= is shown with -v`, { skip }, async (t) => {
    const consumer: Consumer = await find();
    if ('skip' in consumer) return t.skip(consumer.skip);
    // sd_notify ignores a LISTEN_PID mismatch, but sd_listen_fds checks it: the exec trampoline
    // gives the server its own pid.
    const run = await startGenerations(t, { args: ['--overlap'], command: [...consumer.command, '400'] });
    const first = await run.boot(1);
    const [, amount, unit] = await run.waitFor(/~> start \(first run\) - started pid \d+, ready in ([\d.]+)(ms|s)/);
    const readyMs = Number(amount) * (unit === 's' ? 1000 : 1);
    assert.ok(readyMs >= 400, `ready when it notified, after its 400 ms boot (${readyMs} ms)`);
    await run.waitFor(new RegExp(`~> pid ${first.pid} status: serving as pid ${first.pid}`));
    run.write('v1');
    const second = await run.boot(2);
    assert.match((await get(run.url)).body, new RegExp(` ${first.pid}$`), 'the old one serves while the new one boots');
    await run.waitFor(new RegExp(`~> restart \\(app\\.js changed\\) - started pid ${second.pid}, ready in [\\d.]+m?s; pid ${first.pid} draining`));
    await eventually(async () => (await get(run.url)).body.endsWith(` ${second.pid}`), { what: 'the new generation to answer' });
  });
}

test('a generation that never signals is taken as ready after --ready-timeout, with a warning', { skip }, async (t) => {
  // Without the preload a Node server has no way to signal.
  const run = await startGenerations(t, { args: ['--overlap', '--no-node-preload', '--ready-timeout', '1s'], serverArgs: ['--fd3'] });
  const first = await run.boot(1);
  await run.waitFor(new RegExp(`~> warning: pid ${first.pid} gave no readiness signal within 1s; taking it as ready \\(--ready-timeout\\)`));
  run.write('v1');
  const second = await run.boot(2);
  // formatDuration writes whole tenths of a second as seconds (`1s`), anything else in ms.
  const [, amount, unit] = await run.waitFor(new RegExp(`~> restart \\(app\\.js changed\\) - started pid ${second.pid}, ready in (\\d+(?:\\.\\d+)?)(ms|s); pid ${first.pid} draining`));
  const readyMs = Number(amount) * (unit === 's' ? 1000 : 1);
  assert.ok(readyMs >= 1000, `switched at the timeout (${readyMs} ms)`);
});
