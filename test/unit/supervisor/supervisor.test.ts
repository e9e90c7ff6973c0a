// The supervisor's lifecycle with fake generations: sequences of events under both policies,
// the readiness timeout, the early stop of a burst, the backoff, shutdown during a switch.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { RestartBackoff } from '../../../src/supervisor/restart-backoff.js';
import { Supervisor, type SupervisorOptions } from '../../../src/supervisor/supervisor.js';
import { FakeFactory, recordEvents } from './fake-generations.js';

const LONG = 60_000;

function setup(options: Partial<SupervisorOptions> = {}) {
  const factory = new FakeFactory();
  const supervisor = new Supervisor({ factory, policy: 'replace', readyTimeoutMs: LONG, restartOnExit: false, ...options });
  const events = recordEvents(supervisor);
  return { factory, supervisor, ...events };
}

test('replace: the old generation is stopped before the next starts; the restart reports the stop', async () => {
  const { factory, supervisor, log, next } = setup();
  supervisor.request('first run');
  await next('starting 1');
  const firstReady = once(supervisor, 'ready');
  factory.gen(1).signals.ready('preload');
  const [first] = (await firstReady) as [{ stopped: unknown; source: string }];
  assert.equal(first.stopped, null);
  assert.equal(first.source, 'preload');
  const readyAgain = once(supervisor, 'ready');
  supervisor.request('app.js changed');
  await next('starting 2');
  assert.equal(factory.gen(1).alive, false, 'stopped before generation 2 started');
  assert.equal(factory.gen(2).alongside, 0, 'generation 2 runs alone');
  factory.gen(2).signals.ready('notify');
  const [second] = (await readyAgain) as [{ stopped: { forced: boolean } | null; replaced: unknown; reason: string }];
  assert.deepEqual(second.stopped, { forced: false, elapsedMs: 0 });
  assert.equal(second.replaced, null);
  assert.equal(second.reason, 'app.js changed');
  await next('exited 1');
  assert.deepEqual(log, ['starting 1', 'ready 1', 'exited 1', 'starting 2', 'ready 2']);
});

test('replace: the first change of a burst stops the server at once; the batch then starts the next', async () => {
  const { factory, supervisor, log, next } = setup();
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  supervisor.burstStarted();
  await next('exited 1');
  assert.deepEqual(factory.gen(1).stops, [false]);
  supervisor.request('a.js changed');
  await next('starting 2');
  assert.deepEqual(factory.gen(1).stops, [false], 'the early stop is shared, not repeated');
  const ready = once(supervisor, 'ready');
  factory.gen(2).signals.ready('preload');
  const [event] = (await ready) as [{ stopped: unknown }];
  assert.deepEqual(event.stopped, { forced: false, elapsedMs: 0 }, 'the restart reports the early stop');
  assert.deepEqual(log, ['starting 1', 'ready 1', 'exited 1', 'starting 2', 'ready 2']);
});

test('overlap: the next generation starts beside the serving one, which drains once the new one is ready', async () => {
  const { factory, supervisor, log, next } = setup({ policy: 'overlap' });
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  supervisor.burstStarted();
  supervisor.request('app.js changed');
  await next('starting 2');
  assert.equal(factory.gen(1).alive, true, 'generation 1 keeps serving while 2 starts');
  assert.deepEqual(factory.gen(1).stops, [], 'no early stop under overlap');
  assert.equal(factory.gen(2).alongside, 1);
  assert.equal(supervisor.serving?.id, 1);
  const ready = once(supervisor, 'ready');
  factory.gen(2).signals.ready('preload');
  const [event] = (await ready) as [{ replaced: { id: number } | null; stopped: unknown }];
  assert.equal(event.replaced?.id, 1);
  assert.equal(event.stopped, null);
  assert.equal(factory.gen(1).retired, true);
  await next('exited 1');
  assert.deepEqual(log, ['starting 1', 'ready 1', 'starting 2', 'ready 2', 'switched 1->2', 'exited 1']);
  assert.equal(supervisor.serving?.id, 2);
});

test('overlap: a generation that dies before it is ready leaves the old one serving; the next change tries again', async () => {
  const { factory, supervisor, log, next } = setup({ policy: 'overlap', restartOnExit: true });
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  supervisor.request('broken.js changed');
  await next('starting 2');
  factory.gen(2).signals.listenFailed({ code: 'EADDRINUSE', port: 9229, address: '127.0.0.1' });
  const failed = once(supervisor, 'failed-before-ready');
  factory.gen(2).crash(1);
  const [event] = (await failed) as [{ serving: { pid: number } | null; status: { code: number }; problem: { port: number }; restartInMs: number | null }];
  assert.equal(event.serving?.pid, factory.gen(1).pid);
  assert.equal(event.status.code, 1);
  assert.equal(event.problem.port, 9229);
  assert.equal(event.restartInMs, null, 'no restart loop while the old one serves');
  assert.equal(factory.gen(1).alive, true);
  assert.deepEqual(factory.gen(1).stops, []);
  supervisor.request('fixed.js changed');
  await next('starting 3');
  factory.gen(3).signals.ready('preload');
  await next('exited 1');
  assert.deepEqual(log, ['starting 1', 'ready 1', 'starting 2', 'failed-before-ready 2', 'starting 3', 'ready 3', 'switched 1->3', 'exited 1']);
});

test('overlap: a change during a pending switch replaces the pending generation; the serving one stays', async () => {
  const { factory, supervisor, log, next } = setup({ policy: 'overlap' });
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  supervisor.request('a.js changed');
  await next('starting 2');
  supervisor.request('b.js changed');
  await next('starting 3');
  await next('exited 2');
  assert.equal(factory.gen(1).alive, true, 'generation 1 still serves');
  factory.gen(2).signals.ready('preload');
  assert.equal(supervisor.serving?.id, 1, 'a replaced generation can no longer become ready');
  factory.gen(3).signals.ready('preload');
  await next('exited 1');
  assert.deepEqual(log, ['starting 1', 'ready 1', 'starting 2', 'starting 3', 'exited 2', 'ready 3', 'switched 1->3', 'exited 1']);
});

test('a generation that never signals is taken as ready after the timeout', async () => {
  const { supervisor, next } = setup({ policy: 'overlap', readyTimeoutMs: 30 });
  // The supervisor's timers do not hold the event loop open (the launcher's session does).
  const hold = setTimeout(() => {}, 10_000);
  const ready = once(supervisor, 'ready');
  supervisor.request('first run');
  const [event] = (await ready) as [{ source: string; readyMs: number }];
  assert.equal(event.source, 'timeout');
  assert.ok(event.readyMs >= 25, `ready after ${event.readyMs} ms`);
  await next('ready 1');
  clearTimeout(hold);
  await supervisor.shutdown();
});

test('readiness timeout 0: ready at once', async () => {
  const { supervisor } = setup({ readyTimeoutMs: 0 });
  const ready = once(supervisor, 'ready');
  supervisor.request('first run');
  const [event] = (await ready) as [{ source: string }];
  assert.equal(event.source, 'immediate');
  await supervisor.shutdown();
});

test('replace: a crash waits for a change; with restartOnExit it restarts after the backoff', async () => {
  const waiting = setup();
  waiting.supervisor.request('first run');
  await waiting.next('starting 1');
  waiting.factory.gen(1).signals.ready('preload');
  const exit = once(waiting.supervisor, 'exited');
  waiting.factory.gen(1).crash(3);
  const [event] = (await exit) as [{ requested: boolean; restartInMs: number | null; status: { code: number } }];
  assert.deepEqual([event.requested, event.restartInMs, event.status.code], [false, null, 3]);

  const backoff = new RestartBackoff({ firstMs: 10, maxMs: 40, resetAfterMs: LONG });
  const looping = setup({ restartOnExit: true, backoff });
  looping.supervisor.request('first run');
  const delays: number[] = [];
  looping.supervisor.on('failed-before-ready', ({ restartInMs }) => delays.push(restartInMs ?? -1));
  for (let n = 1; n <= 4; n++) {
    await looping.next(`starting ${n}`);
    looping.factory.gen(n).crash(1);
  }
  await looping.next('starting 5');
  assert.deepEqual(delays, [10, 20, 40, 40]);
  await looping.supervisor.shutdown();
});

test('restart policy: exponential backoff up to the maximum, reset after a healthy run', () => {
  const backoff = new RestartBackoff({ firstMs: 100, maxMs: 1_000, resetAfterMs: 5_000 });
  const delays = [10, 10, 10, 10, 10, 10_000, 10].map((ranMs) => backoff.next(ranMs));
  assert.deepEqual(delays, [100, 200, 400, 800, 1_000, 100, 200]);
});

test('a build that fails starts nothing and keeps the serving generation', async () => {
  let buildOk = true;
  const { factory, supervisor, log, next } = setup({ beforeStart: async () => buildOk });
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  buildOk = false;
  supervisor.burstStarted();
  supervisor.request('broken.ts changed');
  await supervisor.settled();
  assert.equal(factory.gen(1).alive, true);
  assert.deepEqual(factory.gen(1).stops, [], 'with a build step nothing is stopped early');
  assert.deepEqual(log, ['starting 1', 'ready 1']);
});

test('a command that cannot be started is reported, and the next request tries again', async () => {
  const { factory, supervisor, log, next } = setup();
  factory.failNext = true;
  supervisor.request('first run');
  await next('spawn-failed');
  assert.deepEqual(supervisor.generations, []);
  supervisor.request('app.js changed');
  await next('starting 2');
  assert.deepEqual(log, ['spawn-failed', 'starting 2'], 'ids are never reused');
});

test('shutdown during a switch stops both generations; a second shutdown forces the stubborn one at once', async () => {
  const { factory, supervisor, next } = setup({ policy: 'overlap' });
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  supervisor.request('app.js changed');
  await next('starting 2');
  factory.gen(1).stubborn = true;
  const first = supervisor.shutdown();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(factory.gen(2).alive, false, 'the pending generation is stopped');
  assert.equal(factory.gen(1).alive, true, 'the stubborn one ignores the stop signal');
  supervisor.request('late change');
  await supervisor.shutdown({ force: true });
  await first;
  assert.deepEqual(factory.gen(1).stops, [false, true], 'the running stop was escalated');
  assert.equal(factory.gen(1).alive, false);
  assert.equal(factory.started.length, 2, 'nothing starts after shutdown');
  assert.deepEqual(supervisor.generations, []);
});

test('signals are forwarded to every live generation', async () => {
  const { factory, supervisor, next } = setup({ policy: 'overlap' });
  supervisor.request('first run');
  await next('starting 1');
  factory.gen(1).signals.ready('preload');
  supervisor.request('x');
  await next('starting 2');
  supervisor.signal('SIGUSR2');
  assert.deepEqual([factory.gen(1).forwarded, factory.gen(2).forwarded], [['SIGUSR2'], ['SIGUSR2']]);
  await supervisor.shutdown();
});
