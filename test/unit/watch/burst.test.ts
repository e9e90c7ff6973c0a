/** Watcher + ChangeBatcher together: a burst of 500 writes is exactly one batch (one restart). */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ChangeBatcher } from '../../../src/watch/change-batcher.js';
import type { FileChange } from '../../../src/watch/types.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startWatcher, TIMEOUT } from './watch-harness.js';

test('500 writes across 10 directories make one `first` and exactly one batch', async (t) => {
  const cwd = makeTempDir(t, 'systemfd-watch-');
  for (let d = 0; d < 10; d++) {
    mkdirSync(join(cwd, `src/m${d}`), { recursive: true });
    for (let f = 0; f < 50; f++) writeFileSync(join(cwd, `src/m${d}/f${f}.ts`), 'v1');
  }
  const w = await startWatcher(t, cwd);
  // 500 ms of quiet ends a burst: generous for a busy 2-core machine, still one restart.
  const batcher = new ChangeBatcher({ debounceMs: 500, maxWaitMs: 20_000 });
  t.after(() => batcher.close());
  const firsts: FileChange[] = [];
  const batches: FileChange[][] = [];
  w.watcher.on('change', (c) => batcher.push(c));
  batcher.on('first', (c) => firsts.push(c));
  const nextBatch = () =>
    new Promise<FileChange[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no batch; ${batches.length} so far`)), TIMEOUT);
      batcher.once('batch', (b) => { clearTimeout(timer); batches.push(b); resolve(b); });
    });
  const first = nextBatch();
  // A formatter run: every file rewritten, half of them twice.
  for (let f = 0; f < 50; f++) for (let d = 0; d < 10; d++) writeFileSync(join(cwd, `src/m${d}/f${f}.ts`), 'v2');
  for (let f = 0; f < 25; f++) for (let d = 0; d < 10; d++) writeFileSync(join(cwd, `src/m${d}/f${f}.ts`), 'v3');
  const batch = await first;
  assert.equal(firsts.length, 1);
  assert.equal(batch.length, 500, 'every path once');
  assert.ok(batch.every((c) => c.kind === 'change'));
  // Barrier: the next change is a batch of its own, so nothing of the burst was left over.
  const second = nextBatch();
  writeFileSync(join(cwd, 'src/m0/f0.ts'), 'v4');
  assert.deepEqual(await second, [{ kind: 'change', path: 'src/m0/f0.ts' }]);
  assert.equal(firsts.length, 2);
  assert.equal(batches.length, 2);
});
