/**
 * The loop detector as tables: each row is a script of starts, single changes and batches (times
 * in ms) with what the detector must answer at each step. The detector is pure, so the rows are
 * the whole story: no clock, no files.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOOP_STARTS, LoopDetector, LOOP_WINDOW_MS } from '../../../src/watch/loop-detector.js';
import { describeLoop, describeLoopOver } from '../../../src/watch/notices.js';

type Step =
  /** A start; `forgets`: the flagged paths it must forget (default none). */
  | { start: number; forgets?: string[] }
  /** A single change before batching; `silenced`: whether it must not restart. */
  | { change: string; at: number; silenced: boolean }
  /** A batch; `finds`: the paths it must find looping (default none). */
  | { batch: string[]; at: number; finds?: string[] };

const DEBOUNCE = 20;
const WINDOW = LOOP_WINDOW_MS + DEBOUNCE;

/** A server writing app.db at each start, restarted by it 3 times: flagged at the third. */
const loopOfThree: Step[] = [
  { start: 0 },
  { batch: ['app.db'], at: 100 },
  { start: 200 },
  { batch: ['app.db', 'app.js'], at: 300 },
  { start: 400 },
  { batch: ['app.db'], at: 500, finds: ['app.db'] },
  // The restart that batch asked for: the write is silenced now, nothing more restarts.
  { start: 600 },
  { change: 'app.db', at: 650, silenced: true },
];

/** Whole starts (the next one well after the window) with no change of app.db at all. */
const quietStarts = (from: number, count: number, last: Step = { start: from + count * 10_000 }): Step[] => [
  ...Array.from({ length: count }, (_, i): Step => ({ start: from + i * 10_000 })),
  last,
];

const rows: [string, Step[]][] = [
  ['the same path right after 3 starts in a row is a loop, found once', [
    ...loopOfThree,
    { batch: ['app.db'], at: 660 },
    { start: 800 },
    { batch: ['app.db'], at: 850 },
  ]],
  ['a start not followed by the change breaks the chain', [
    { start: 0 }, { batch: ['cache.json'], at: 100 },
    { start: 1000 }, { batch: ['cache.json'], at: 1100 },
    { start: 5000 },
    { start: 6000 }, { batch: ['cache.json'], at: 6100 },
    { start: 7000 }, { batch: ['cache.json'], at: 7100 },
    { start: 8000 }, { batch: ['cache.json'], at: 8100, finds: ['cache.json'] },
  ]],
  ['changes long after each start are edits, not a loop', [
    ...[0, 1, 2, 3, 4].flatMap((i): Step[] => [{ start: i * 10_000 }, { change: 'app.js', at: i * 10_000 + 1500, silenced: false }, { batch: ['app.js'], at: i * 10_000 + 1520 }]),
  ]],
  ['a batch just past the window is not right after the start', [
    { start: 0 }, { batch: ['app.db'], at: WINDOW },
    { start: 2000 }, { batch: ['app.db'], at: 2000 + WINDOW },
    { start: 4000 }, { batch: ['app.db'], at: 4000 + WINDOW + 1 },
  ]],
  ['nothing before the first start', [
    { batch: ['a'], at: 0 },
    { change: 'a', at: 0, silenced: false },
  ]],
  ['flagged: its changes inside the window after a start are silenced, up to the window edge', [
    ...loopOfThree,
    { start: 10_000 },
    { change: 'app.db', at: 10_001, silenced: true },
    { change: 'app.db', at: 10_000 + WINDOW, silenced: true },
    { change: 'app.db', at: 10_000 + WINDOW + 1, silenced: false },
  ]],
  ['flagged: the user editing it 5 s after a start restarts, and is not a new finding', [
    ...loopOfThree,
    { change: 'app.db', at: 5600, silenced: false },
    { batch: ['app.db'], at: 5620 },
    // The restart the edit caused: its own write is silenced again.
    { start: 5700 },
    { change: 'app.db', at: 5750, silenced: true },
    { change: 'app.db', at: 12_000, silenced: false },
  ]],
  ['flagged: other paths right after a start still restart', [
    ...loopOfThree,
    { change: 'app.js', at: 660, silenced: false },
    { batch: ['app.js'], at: 680 },
  ]],
  ['flagged: a change stamped before the latest start (a clock stepped back) restarts', [
    ...loopOfThree,
    { change: 'app.db', at: 599, silenced: false },
  ]],
  ['forgotten after 3 whole starts in a row without it; then its changes always restart', [
    ...loopOfThree,
    ...quietStarts(10_000, 3, { start: 40_000, forgets: ['app.db'] }),
    { change: 'app.db', at: 40_050, silenced: false },
  ]],
  ['not forgotten while it keeps following starts', [
    ...loopOfThree,
    ...[1, 2, 3, 4, 5].flatMap((i): Step[] => [{ start: i * 10_000 }, { change: 'app.db', at: i * 10_000 + 50, silenced: true }]),
    { start: 60_000 },
  ]],
  ['a start with the write again resets the count', [
    ...loopOfThree,
    { start: 10_000 }, { start: 20_000 },
    { start: 30_000 }, { change: 'app.db', at: 30_050, silenced: true },
    { start: 40_000 }, { start: 50_000 },
    { start: 60_000 },
    { start: 70_000, forgets: ['app.db'] },
  ]],
  ['a start cut short before its window ended counts neither way', [
    ...loopOfThree,
    { start: 10_000 },
    { start: 10_500 }, // cut short: app.db may just not have been written yet
    { start: 20_000 },
    { start: 30_000 },
    { start: 40_000, forgets: ['app.db'] },
  ]],
  ['forgotten, then looping again: found again after 3 starts in a row', [
    ...loopOfThree,
    ...quietStarts(10_000, 3, { start: 40_000, forgets: ['app.db'] }),
    { batch: ['app.db'], at: 40_100 },
    { start: 40_200 }, { batch: ['app.db'], at: 40_300 },
    { start: 40_400 }, { batch: ['app.db'], at: 40_500, finds: ['app.db'] },
    { start: 40_600 }, { change: 'app.db', at: 40_650, silenced: true },
  ]],
];

for (const [name, steps] of rows) {
  test(`loop detector: ${name}`, () => {
    const loops = new LoopDetector({ debounceMs: DEBOUNCE, startsInARow: 3 });
    steps.forEach((step, i) => {
      const where = `step ${i} ${JSON.stringify(step)}`;
      if ('start' in step) assert.deepEqual(loops.started(step.start), step.forgets ?? [], where);
      else if ('change' in step) assert.equal(loops.silences(step.change, step.at), step.silenced, where);
      else assert.deepEqual(loops.batch(step.batch, step.at), step.finds ?? [], where);
    });
  });
}

test('loop detector: by default five starts in a row make a loop, not three', () => {
  const loops = new LoopDetector({ debounceMs: DEBOUNCE });
  assert.equal(loops.startsInARow, LOOP_STARTS);
  assert.equal(LOOP_STARTS, 5);
  const found: string[] = [];
  for (let start = 0; start < 5; start++) {
    loops.started(start * 2000);
    found.push(...loops.batch(['app.db'], start * 2000 + 100));
    if (start < 4) assert.deepEqual(found, [], `after ${start + 1} starts`);
  }
  assert.deepEqual(found, ['app.db']);
});

test('loop detector: once the command is ready, its window ends a quarter second (plus the debounce) later', () => {
  // A script editing app.js 400 ms after each start, the server ready at 100 ms: never a loop.
  const ready = new LoopDetector({ debounceMs: 20, startsInARow: 3 });
  for (let i = 0; i < 6; i++) {
    const at = i * 2000;
    ready.started(at);
    ready.ready(at + 100);
    assert.deepEqual(ready.batch(['app.js'], at + 400), [], `start ${i + 1}`);
  }
  // Without a readiness signal the same edits are one.
  const plain = new LoopDetector({ debounceMs: 20, startsInARow: 3 });
  const found: string[] = [];
  for (let i = 0; i < 3; i++) {
    plain.started(i * 2000);
    found.push(...plain.batch(['app.js'], i * 2000 + 400));
  }
  assert.deepEqual(found, ['app.js']);
  // A server that writes app.db while it starts, before it is ready, is still found, and a
  // flagged path is silenced only until ready + 270 ms.
  const server = new LoopDetector({ debounceMs: 20, startsInARow: 3 });
  const flagged: string[] = [];
  for (let i = 0; i < 3; i++) {
    server.started(i * 2000);
    flagged.push(...server.batch(['app.db'], i * 2000 + 80));
    server.ready(i * 2000 + 100);
  }
  assert.deepEqual(flagged, ['app.db']);
  server.started(6000);
  assert.equal(server.silences('app.db', 6050), true);
  server.ready(6100);
  assert.equal(server.silences('app.db', 6300), true);
  assert.equal(server.silences('app.db', 6400), false);
});

test('loop detector: the window is one second plus the debounce unless given', () => {
  assert.equal(new LoopDetector({ debounceMs: 20 }).windowMs, 1020);
  assert.equal(new LoopDetector({ debounceMs: 300 }).windowMs, 1300);
  assert.equal(new LoopDetector({ debounceMs: 20, windowMs: 50 }).windowMs, 50);
});

test('loop detector: flagged() lists what is flagged now', () => {
  const loops = new LoopDetector({ debounceMs: DEBOUNCE, startsInARow: 3 });
  for (const [at, batch] of [[0, 100], [200, 300], [400, 500]]) {
    loops.started(at as number);
    loops.batch(['app.db', 'app.js'], batch as number);
  }
  assert.deepEqual(loops.flagged().sort(), ['app.db', 'app.js']);
  assert.ok(loops.isFlagged('app.db'));
  assert.ok(!loops.isFlagged('other.js'));
});

test('the loop notice says which changes no longer restart, and the -i that ignores the path, quoted for a shell', () => {
  assert.equal(
    describeLoop('data/app.db', 3, 1020),
    'data/app.db changed right after each of the last 3 starts (the command writes it?); its changes in the first 1020ms after a start no longer restart, later ones still do; to ignore it for good: -i data/app.db',
  );
  assert.match(describeLoop('x.db', 3, 1300), /in the first 1\.3s after a start/);
  assert.match(describeLoop('my dir/x[1].db', 3, 1020), /-i 'my dir\/x\\\[1\\\]\.db'$/);
  assert.equal(describeLoopOver('app.db', 3), 'app.db did not change right after the last 3 starts; its changes restart again');
});
