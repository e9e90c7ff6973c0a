// Retiring a generation: no new connection reaches it, its open ones finish, `drained` comes
// when the count is 0, and then even a server with no graceful shutdown (every socket reset at
// once) loses no request from clients that open one connection per request.
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { test } from 'node:test';
import { get } from '../../helpers/http.js';
import { startLoad } from '../../helpers/load.js';
import { eventually } from '../../helpers/process.js';
import { bringUp, getWith, makeRouter, upstream } from './harness.js';

test('overlap: switch to a new generation under load, drain and kill the old one: 0 failed', async (t) => {
  const { router, url } = await makeRouter(t);
  const servers = [await upstream(t, 'gen-1', { delayMs: 5 })];
  await bringUp(router, 1, servers[0]!);
  const load = startLoad(url, { clients: 8 });
  for (let generation = 2; generation <= 6; generation++) {
    const previous = servers[servers.length - 1]!;
    await eventually(() => previous.requests > 20, { what: `traffic on generation ${generation - 1}` });
    const next = await upstream(t, `gen-${generation}`, { delayMs: 5 });
    servers.push(next);
    await bringUp(router, generation, next);
    const drain = await router.retire(generation - 1, { timeoutMs: 10_000 });
    assert.equal(drain.drained, true);
    assert.equal(router.openConnections(generation - 1), 0);
    // No graceful shutdown at all: whatever is still open is reset.
    await previous.kill();
    router.remove(generation - 1);
  }
  const { sent, failed, pids } = await load.stop();
  assert.deepEqual(failed, []);
  assert.ok(sent > 100, `only ${sent} requests`);
  assert.deepEqual([...pids].sort(), ['gen-1', 'gen-2', 'gen-3', 'gen-4', 'gen-5', 'gen-6']);
});

test('replace: retire, drain, kill, and only then start the next one: clients wait, 0 failed', async (t) => {
  const { router, url } = await makeRouter(t);
  let current = await upstream(t, 'gen-1', { delayMs: 5 });
  await bringUp(router, 1, current);
  const load = startLoad(url, { clients: 8 });
  for (let generation = 2; generation <= 4; generation++) {
    const previous = current;
    await eventually(() => previous.requests > 20, { what: `traffic on generation ${generation - 1}` });
    const drain = await router.retire(generation - 1, { timeoutMs: 10_000 });
    assert.equal(drain.drained, true);
    await previous.kill();
    router.remove(generation - 1);
    await eventually(() => router.holding > 0, { what: 'clients held while nothing is ready' });
    current = await upstream(t, `gen-${generation}`, { delayMs: 5 });
    await bringUp(router, generation, current);
  }
  const { failed, pids } = await load.stop();
  assert.deepEqual(failed, []);
  assert.equal(pids.size, 4);
});

test('a slow in-flight request finishes on the retired generation before drained', async (t) => {
  const { router, url } = await makeRouter(t);
  const slow = await upstream(t, 'slow', { delayMs: 400 });
  await bringUp(router, 1, slow);
  const drainedEvents: number[] = [];
  router.on('drained', ({ generation }) => drainedEvents.push(generation));
  const reply = get(url);
  await eventually(() => router.openConnections(1) === 1 && slow.requests === 1, { what: 'the request to be in flight' });
  const fast = await upstream(t, 'fast');
  await bringUp(router, 2, fast);
  const retired = router.retire(1, { timeoutMs: 10_000 });
  // New clients already go to generation 2 while 1 drains.
  assert.equal((await get(url)).body, 'fast');
  assert.deepEqual(drainedEvents, []);
  assert.equal((await reply).body, 'slow');
  assert.equal((await retired).drained, true);
  assert.deepEqual(drainedEvents, [1]);
});

test('an idle keep-alive connection to a retired generation is closed; the client moves on', async (t) => {
  const { router, url } = await makeRouter(t);
  const one = await upstream(t, 'one');
  await bringUp(router, 1, one);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  assert.equal((await getWith(agent, url)).body, 'one');
  const two = await upstream(t, 'two');
  await bringUp(router, 2, two);
  const drain = await router.retire(1, { timeoutMs: 10_000 });
  assert.equal(drain.drained, true);
  assert.ok(drain.elapsedMs < 2_000, `drain took ${drain.elapsedMs} ms`);
  assert.equal((await getWith(agent, url)).body, 'two');
});

test('the drain is bounded: a connection that never ends is left after the timeout', async (t) => {
  const { router, port } = await makeRouter(t, { kind: 'tcp' });
  const one = await upstream(t, 'one', { delayMs: 60_000 });
  await bringUp(router, 1, one);
  const { connect } = await import('node:net');
  const client = connect({ host: '127.0.0.1', port });
  t.after(() => client.destroy());
  client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await eventually(() => one.requests === 1 && router.openConnections(1) === 1, { what: 'the hanging request' });
  const drain = await router.retire(1, { timeoutMs: 300 });
  assert.equal(drain.drained, false);
  assert.equal(drain.open, 1);
});
