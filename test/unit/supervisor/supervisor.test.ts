// The supervisor's state machine with real tiny processes: one generation at a time, shared
// stops, crash vs requested exits, and the stop timeout escalating to SIGKILL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { Supervisor } from '../../../src/supervisor/supervisor.js';

const node = (code: string) => () => spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
const READY = "process.stdout.write('ready\\n');";

async function ready(supervisor: Supervisor): Promise<void> {
  const state = supervisor.state;
  assert.equal(state.phase, 'running');
  if (state.phase !== 'running') return;
  await once(state.child.stdout as NodeJS.ReadableStream, 'data');
}

test('start, then a requested stop: exit is reported as requested, state back to idle', async () => {
  const supervisor = new Supervisor({ spawn: node(`${READY} setInterval(() => {}, 1e9)`), stopSignal: 'SIGTERM', stopTimeoutMs: 5000 });
  const { pid } = supervisor.start();
  await ready(supervisor);
  assert.throws(() => supervisor.start(), /cannot start/);
  const exits: boolean[] = [];
  supervisor.on('exit', (e) => exits.push(e.requested));
  const [a, b] = await Promise.all([supervisor.stop(), supervisor.stop()]);
  assert.equal(a, b, 'concurrent stops share one');
  assert.equal(a?.forced, false);
  assert.deepEqual(exits, [true]);
  assert.equal(supervisor.state.phase, 'idle');
  assert.equal(await supervisor.stop(), null, 'nothing left to stop');
  assert.throws(() => process.kill(pid, 0));
});

test('a generation that exits on its own is reported as not requested, with its status', async () => {
  const supervisor = new Supervisor({ spawn: node('process.exit(3)'), stopSignal: 'SIGTERM', stopTimeoutMs: 5000 });
  supervisor.start();
  const [event] = (await once(supervisor, 'exit')) as [{ requested: boolean; status: { code: number | null } }];
  assert.equal(event.requested, false);
  assert.equal(event.status.code, 3);
  assert.equal(supervisor.state.phase, 'exited');
});

test('a generation ignoring the stop signal is killed after the timeout; force kills at once', async () => {
  const stubborn = `process.on('SIGTERM', () => {}); ${READY} setInterval(() => {}, 1e9)`;
  const supervisor = new Supervisor({ spawn: node(stubborn), stopSignal: 'SIGTERM', stopTimeoutMs: 200 });
  supervisor.start();
  await ready(supervisor);
  const result = await supervisor.stop();
  assert.equal(result?.forced, true);
  assert.ok((result?.elapsedMs ?? 0) >= 200);
  const forced = new Supervisor({ spawn: node(stubborn), stopSignal: 'SIGTERM', stopTimeoutMs: 60_000 });
  forced.start();
  await ready(forced);
  const slow = forced.stop();
  const fast = await forced.stop({ force: true });
  assert.equal(fast, await slow);
  assert.equal(forced.state.phase, 'idle');
});
