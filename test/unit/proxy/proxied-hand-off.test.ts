// The proxied hand-off as the generations supervisor drives it, with overlap: N+1 gets its own
// port, the switch happens on ready, N is drained and then killed (no graceful shutdown): 0 failed.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { proxiedHandOff } from '../../../src/launcher/proxied-hand-off.js';
import { Reporter } from '../../../src/log/reporter.js';
import { ProxyHandOff } from '../../../src/proxy/proxy-hand-off.js';
import { parseSocketSpec } from '../../../src/sockets/spec.js';
import { startLoad } from '../../helpers/load.js';
import { eventually } from '../../helpers/process.js';
import { publicListener, upstreamOn, type Upstream } from './harness.js';

test('overlap through the hand-off: ready switches, drain before the kill, 0 failed requests', async (t) => {
  const { server, port } = await publicListener(t);
  const socket = { spec: parseSocketSpec(`http::${port}`), description: `http://127.0.0.1:${port}/`, handle: 3, bound: { family: 4 as const, ip: '127.0.0.1', port, scopeId: 0 } };
  const core = new ProxyHandOff([socket], [{ server, kind: 'http' }]);
  await core.reserve();
  const output = new PassThrough();
  let lines = '';
  output.on('data', (chunk: Buffer) => (lines += chunk.toString()));
  const handOff = proxiedHandOff({ handOff: core, command: { argv: ['x'], cwd: '.', env: { EXTRA: '1' }, pid: true, nodePreload: true }, reporter: new Reporter({ stream: output, color: false, quiet: false, verbose: false }), finding: { runtime: 'bun', via: null }, stopTimeoutMs: () => 10_000 });
  t.after(() => handOff.close());

  const servers = new Map<number, Upstream>();
  const start = async (id: number) => {
    const prepared = handOff.prepare({ id, alongside: servers.size });
    assert.equal(prepared.envPatch.EXTRA, '1');
    const upstream = await upstreamOn(t, `gen-${id}`, Number(prepared.envPatch.PORT), { delayMs: 5 });
    servers.set(id, upstream);
    await new Promise<void>((resolve) => handOff.watch({ id, pid: 0 }, { ready: () => resolve() }));
    handOff.ready({ id });
  };
  await start(1);
  assert.match(lines, /~> bun cannot adopt an inherited socket: proxying 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+/);
  const load = startLoad(`http://127.0.0.1:${port}/`, { clients: 8 });
  for (let id = 2; id <= 5; id++) {
    await eventually(() => (servers.get(id - 1)?.requests ?? 0) > 20, { what: `traffic on generation ${id - 1}` });
    await start(id);
    handOff.retire({ id: id - 1 });
    assert.equal((await handOff.drain({ id: id - 1 })).drained, true);
    await servers.get(id - 1)?.kill();
    handOff.release({ id: id - 1 });
  }
  const { failed, pids } = await load.stop();
  assert.deepEqual(failed, []);
  assert.deepEqual([...pids].sort(), ['gen-1', 'gen-2', 'gen-3', 'gen-4', 'gen-5']);
});
