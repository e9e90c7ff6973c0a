/**
 * Smoke run of `npm run bench` (systemfd side by side with nodemon and node --watch) with tiny
 * numbers: every section and every tool runs once through the real harness (dist/bench/run.js),
 * and the figures it writes are checked for being measured at all. The targets themselves are
 * reported by the bench, never asserted here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from '../../bench/bench.js';
import { outDir } from '../helpers/paths.js';
import { start } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TINY = {
  BENCH_SECTIONS: 'restart,overhead,watcher',
  BENCH_N: '1',
  BENCH_SETTLE_MS: '100',
  BENCH_OVERHEAD_RUNS: '1',
  BENCH_SPAWN_RUNS: '1',
  BENCH_TREE_SCALE: '0.01',
  BENCH_IDLE_MS: '300',
  BENCH_QUIET_MS: '500',
  BENCH_BURST: '20',
};

test('the bench harness measures every section and writes JSON + Markdown', { timeout: 120_000 }, async (t) => {
  const out = makeTempDir(t, 'systemfd-bench-smoke-');
  // Knobs from the caller's environment (BENCH_TOOLS=...) must not change what the smoke run covers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('BENCH_')));
  const run = start(process.execPath, [join(outDir, 'bench/run.js')], { env: { ...env, ...TINY, BENCH_OUT: out } });
  t.after(() => run.kill());
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());

  const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
  const markdown = readFileSync(join(out, 'latest.md'), 'utf8');
  assert.equal(run.stdout(), markdown, 'stdout is the Markdown written to latest.md');
  assert.ok(results.envDropped.every((name) => !name.startsWith('BENCH_')), 'only the tools\' environment is cleaned');

  // Restarts under load: the floor and all three tools, each restarted once under load.
  const rows = results.restart?.rows ?? [];
  assert.deepEqual(rows.map((r) => r.tool), ['cold-start', 'systemfd', 'nodemon', 'node-watch']);
  for (const row of rows) {
    assert.equal(row.error, undefined, `${row.tool}: ${row.error}`);
    assert.equal(row.restarts, 1, `${row.tool} restarted once`);
    assert.ok((row.latencyMs.median ?? 0) > 0, `${row.tool} latency measured`);
    if (row.tool !== 'cold-start') assert.ok((row.sent ?? 0) > (row.failed ?? 0), `${row.tool} served the load`);
  }
  assert.equal(results.slow, null, 'sections not asked for are not run');

  // CLI overhead: both one-shot commands ran, and write -> spawn was timed for the watchers that can run sh.
  const overhead = results.overhead;
  assert.ok(overhead);
  assert.equal(overhead.nodeMs.n, 1);
  assert.equal(overhead.systemfdMs.n, 1);
  assert.ok((overhead.ratio ?? 0) > 0);
  assert.deepEqual(overhead.writeToSpawn.map((r) => [r.tool, r.childMs.n, r.missed]), [['systemfd', 1, 0], ['nodemon', 1, 0]]);

  // Watcher scale on a tiny tree: figures read from /proc for systemfd and nodemon.
  const watcher = results.watcher;
  assert.ok(watcher);
  assert.deepEqual(watcher.rows.map((r) => r.tool), ['systemfd', 'nodemon']);
  for (const row of watcher.rows) {
    assert.equal(row.error, undefined, `${row.tool}: ${row.error}`);
    assert.ok((row.readyMs ?? 0) > 0 && (row.rssMb ?? 0) > 0 && row.idleCpuPct !== null, `${row.tool}: ready, RSS, CPU`);
    assert.ok((row.inotifyWatches ?? 0) >= 1, `${row.tool}: inotify watches counted`);
    assert.ok((row.burstRestarts ?? 0) >= 1, `${row.tool}: the burst restarted it`);
  }

  // The targets table is there, each with a figure.
  assert.ok(results.targets.length >= 5);
  assert.ok(results.targets.every((c) => c.figure.length > 0));
  assert.match(markdown, /\| systemfd watch \|/);
  assert.match(markdown, /### Targets/);
});
