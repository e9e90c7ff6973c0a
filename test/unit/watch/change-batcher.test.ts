import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import { ChangeBatcher } from '../../../src/watch/change-batcher.js';
import type { FileChange } from '../../../src/watch/types.js';

/** The batcher's timers are unref()ed (by design), so a test must hold the loop open itself. */
function keepAlive(t: TestContext): void {
  const timer = setInterval(() => undefined, 1000);
  t.after(() => clearInterval(timer));
}

test('a burst gives one `first` at once and one deduplicated batch on the trailing edge', async (t) => {
  keepAlive(t);
  const batcher = new ChangeBatcher({ debounceMs: 200 });
  const firsts: FileChange[] = [];
  const batches: FileChange[][] = [];
  batcher.on('first', (c) => firsts.push(c));
  batcher.on('batch', (b) => batches.push(b));
  batcher.push({ kind: 'change', path: 'a.ts' });
  assert.deepEqual(firsts, [{ kind: 'change', path: 'a.ts' }], '`first` is synchronous');
  for (let i = 0; i < 500; i++) batcher.push({ kind: 'change', path: `f${i % 250}.ts` });
  batcher.push({ kind: 'change', path: 'a.ts' });
  assert.equal(batches.length, 0, 'nothing before the quiet period');
  await once(batcher, 'batch');
  assert.equal(firsts.length, 1);
  assert.equal(batches.length, 1);
  const batch = batches[0] ?? [];
  assert.equal(batch.length, 251, 'deduplicated by path');
  assert.deepEqual(batch[0], { kind: 'change', path: 'a.ts' }, 'first-seen order');
  assert.equal(batch[1]?.path, 'f0.ts');
  // The next change starts a new burst.
  batcher.push({ kind: 'add', path: 'b.ts' });
  assert.equal(firsts.length, 2);
  const [second] = (await once(batcher, 'batch')) as [FileChange[]];
  assert.deepEqual(second, [{ kind: 'add', path: 'b.ts' }]);
  batcher.close();
});

test('kinds merge to the net effect within a burst', async (t) => {
  keepAlive(t);
  const batcher = new ChangeBatcher({ debounceMs: 10 });
  batcher.push({ kind: 'add', path: 'new.ts' });
  batcher.push({ kind: 'change', path: 'new.ts' });
  batcher.push({ kind: 'unlink', path: 'vim.ts' });
  batcher.push({ kind: 'add', path: 'vim.ts' });
  batcher.push({ kind: 'change', path: 'gone.ts' });
  batcher.push({ kind: 'unlink', path: 'gone.ts' });
  const [batch] = (await once(batcher, 'batch')) as [FileChange[]];
  assert.deepEqual(batch, [
    { kind: 'add', path: 'new.ts' },
    { kind: 'change', path: 'vim.ts' },
    { kind: 'unlink', path: 'gone.ts' },
  ]);
});

test('an endless stream still flushes after maxWaitMs', async (t) => {
  keepAlive(t);
  const batcher = new ChangeBatcher({ debounceMs: 100, maxWaitMs: 400 });
  let i = 0;
  const started = Date.now();
  // A change every 20 ms never leaves 100 ms of quiet.
  const stream = setInterval(() => batcher.push({ kind: 'change', path: `log${i++}.txt` }), 20);
  try {
    const [batch] = (await once(batcher, 'batch')) as [FileChange[]];
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 350, `flushed by the cap, not early (${elapsed} ms)`);
    assert.ok(elapsed < 5000, `flushed while the stream goes on (${elapsed} ms)`);
    assert.ok(batch.length >= 2);
    const [next] = (await once(batcher, 'batch')) as [FileChange[]];
    assert.ok(next.length >= 1, 'and keeps flushing');
  } finally {
    clearInterval(stream);
    batcher.close();
  }
});

test('the default cap is 10 x debounce, at least 1 s', () => {
  assert.equal(new ChangeBatcher({ debounceMs: 50 }).maxWaitMs, 1000);
  assert.equal(new ChangeBatcher({ debounceMs: 300 }).maxWaitMs, 3000);
  assert.throws(() => new ChangeBatcher({ debounceMs: -1 }), RangeError);
});

test('timers are unref()ed: a pending batch does not hold the process open', async () => {
  const { spawnSync } = await import('node:child_process');
  const url = new URL('../../../src/watch/change-batcher.js', import.meta.url).href;
  const code = `import(${JSON.stringify(url)}).then(({ ChangeBatcher }) => { const b = new ChangeBatcher({ debounceMs: 60000 }); b.on('batch', () => console.log('flushed')); b.push({ kind: 'change', path: 'x' }); })`;
  const started = Date.now();
  const result = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.ok(Date.now() - started < 30_000);
});
