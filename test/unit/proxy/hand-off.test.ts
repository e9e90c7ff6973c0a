// ProxyHandOff: the proxied hand-off's lifecycle with real sockets and a real Node server.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { ProxyHandOff } from '../../../src/proxy/proxy-hand-off.js';
import { parseSocketSpec } from '../../../src/sockets/spec.js';
import type { BoundSocket } from '../../../src/sockets/socket-set.js';
import { get } from '../../helpers/http.js';
import { publicListener } from './harness.js';

async function makeHandOff(t: Parameters<typeof publicListener>[0]) {
  const [a, b] = [await publicListener(t), await publicListener(t)];
  const sockets: BoundSocket[] = [a, b].map(({ port }) => ({ spec: parseSocketSpec(`http::${port}`), description: `http://127.0.0.1:${port}/`, handle: 3, bound: { family: 4, ip: '127.0.0.1', port, scopeId: 0 } }));
  const handOff = new ProxyHandOff(sockets, [{ server: a.server, kind: 'http' }, { server: b.server, kind: 'http' }]);
  t.after(() => handOff.close());
  await handOff.reserve();
  return { handOff, ports: [a.port, b.port] };
}

test('prepare → readiness (probe) → activate → retire: env, routing and drain', async (t) => {
  const { handOff, ports } = await makeHandOff(t);
  const prepared = handOff.prepare(1);
  assert.deepEqual(prepared.fds, []);
  assert.equal(prepared.envPatch.PORT, String(prepared.ports[0]));
  assert.equal(prepared.envPatch.SYSTEMFD_PORTS, prepared.ports.join(','));
  assert.ok('LISTEN_FDS' in prepared.envPatch && prepared.envPatch.LISTEN_FDS === undefined, 'an inherited LISTEN_FDS is removed');
  assert.deepEqual(handOff.routes(1).map((route) => route.from), ports.map((port) => `127.0.0.1:${port}`));
  const servers = prepared.ports.map((port, index) => createServer((req, res) => res.end(`socket ${index}`)).listen(port, '127.0.0.1'));
  t.after(() => servers.forEach((server) => server.close()));
  await Promise.all(servers.map((server) => once(server, 'listening')));
  assert.equal(await handOff.readiness(1), 'probe');
  handOff.activate(1);
  assert.equal((await get(`http://127.0.0.1:${ports[1]}/`)).body, 'socket 1');
  assert.equal((await get(`http://127.0.0.1:${ports[0]}/`)).body, 'socket 0');
  assert.equal((await handOff.retire(1, { timeoutMs: 5_000 })).drained, true);
  handOff.exited(1);
});

test('readiness resolves null when the generation exits before its port accepts', async (t) => {
  const { handOff } = await makeHandOff(t);
  handOff.prepare(1);
  const readiness = handOff.readiness(1);
  handOff.exited(1);
  assert.equal(await readiness, null);
});

test('each generation gets ports of its own', async (t) => {
  const { handOff } = await makeHandOff(t);
  const one = handOff.prepare(1).ports;
  await handOff.reserve();
  const two = handOff.prepare(2).ports;
  assert.equal(new Set([...one, ...two]).size, 4);
});
