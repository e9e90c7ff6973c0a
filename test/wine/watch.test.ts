// `systemfd watch` under Wine: every restart hands the same listening socket to a new Windows
// child, and a request sent while no child serves waits in the backlog instead of failing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, fixture } from '../helpers/paths.js';
import { get } from '../helpers/http.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { findWine, killWineProcesses, requireWine, startWine, windowsPath } from './wine-harness.js';

after(() => { const s = findWine(); if (!('reason' in s)) killWineProcesses(s); });

// Wine's taskkill has no /T, so tree-kill fails there; kill-tree.ts then falls back to
// TerminateProcess on the direct child (child.kill()), which this test relies on.

test('restarts by a parent harness: three children one after another get the same sockets', async (t) => {
  const setup = requireWine(t);
  if (!setup) return;
  const run = startWine(t, setup, [fixture('win-restart-parent.mjs'), 'http::0', 'tcp::[::1]:0'], { env: { GENERATIONS: '3', EXIT_AFTER: '2' } });
  const [, portList] = await run.waitFor(/PARENT ([\d,]+)/);
  const [port4, port6] = (portList ?? '').split(',');
  // The first request goes out before any child exists: it waits in the backlog.
  const early = get(`http://127.0.0.1:${port4}/`, { timeout: 60_000 });
  const pids = new Set<string>();
  const servedBy = (body: string) => /pid (\d+)/.exec(body)?.[1] ?? '';
  let from = 0;
  for (let gen = 1; gen <= 3; gen++) {
    const ready = await run.waitFor(new RegExp(`READY (\\d+) ${port4},${port6}`), { from, timeout: 60_000 });
    from = run.stdout().indexOf(ready[0], from) + ready[0].length;
    const a = gen === 1 ? await early : await get(`http://127.0.0.1:${port4}/`);
    const b = await get(`http://[::1]:${port6}/`);
    assert.equal(a.ok && b.ok, true, JSON.stringify([a, b]));
    assert.equal(servedBy(a.body), ready[1]);
    assert.equal(servedBy(b.body), ready[1]);
    pids.add(ready[1] ?? '');
    await run.waitFor(new RegExp(`GEN ${gen} EXIT 0`), { timeout: 60_000 });
  }
  assert.equal(pids.size, 3, `three different children: ${[...pids].join(',')}`);
  const { code } = await run.exited;
  assert.equal(code, 0, run.stdout());
  assert.match(run.stdout(), /REJECTED none/);
});

test('watch mode: restarts keep the socket, each child gets it over the RPC server', async (t) => {
  const setup = requireWine(t);
  if (!setup) return;
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'app.js'), '1');
  // --stop-timeout 1s: Wine's taskkill has no /T, so the stop falls through to the forced path
  // (see the report to the lead); a short timeout keeps the suite fast.
  const run = startWine(t, setup, [cliPath, 'watch', '-s', 'http::0', '-w', windowsPath(dir), '--no-stdin', '--stop-timeout', '1s', '--', setup.nodeExe, fixture('win-http-server.mjs')]);
  const [, firstPid, port] = await run.waitFor(/READY (\d+) (\d+)/);
  assert.equal((await get(`http://127.0.0.1:${port}/`)).body, `hello from pid ${firstPid} on ${port} socket #0\n`);
  const pids = [firstPid];
  for (let restart = 1; restart <= 2; restart++) {
    const from = run.stdout().length;
    const fromErr = run.stderr().length;
    writeFileSync(join(dir, 'app.js'), String(restart + 1));
    await run.waitFor(/~> restart/, { stream: 'stderr', from: fromErr, timeout: 60_000 });
    const [, pid, samePort] = await run.waitFor(/READY (\d+) (\d+)/, { from, timeout: 60_000 });
    assert.equal(samePort, port, 'the same socket');
    assert.ok(!pids.includes(pid), `a new child (${pid} after ${pids.join(',')})`);
    pids.push(pid!);
    assert.equal((await get(`http://127.0.0.1:${port}/`)).body, `hello from pid ${pid} on ${port} socket #0\n`);
  }
  // A request sent right as a restart begins is never refused: the parent's socket queues it
  // until a child (old or new) accepts.
  writeFileSync(join(dir, 'app.js'), 'last');
  const during = await get(`http://127.0.0.1:${port}/`, { timeout: 60_000 });
  assert.equal(during.ok, true, JSON.stringify(during));
  run.kill();
});
