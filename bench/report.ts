/** The results as Markdown tables: printed on stdout and written to latest.md for the README. */
import { renderGenerations } from './generations-bench.js';
import type { BenchResults } from './bench.js';
import type { RestartSection } from './restart-bench.js';
import type { Summary } from './stats.js';
import { TOOL_LABELS } from './tools.js';
import { SETTLED_AFTER_MS } from './watcher-bench.js';

const ms = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${Math.round(x)} ms`);
const signedMs = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(Math.round(x))} ms`;
const num = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toLocaleString('en-US'));
const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function restartTable(section: RestartSection, clients: number, restarts: number): string {
  const cold = section.rows.find((r) => r.tool === 'cold-start')?.latencyMs.median ?? null;
  const title = section.serverStartMs > 0 ? `server that takes ${section.serverStartMs} ms to start` : 'server that starts at once';
  const rows = section.rows.map((r) => {
    const f = r.failures;
    const breakdown = r.failed === null ? '' : `${f.refused ?? 0} / ${f.reset ?? 0} / ${f.timeout ?? 0}${f.other || f.status ? ` (+${(f.other ?? 0) + (f.status ?? 0)} other)` : ''}`;
    const over = r.tool === 'cold-start' || r.latencyMs.median === null || cold === null ? '' : signedMs(r.latencyMs.median - cold);
    const restartsCell = r.tool === 'cold-start' ? `${r.restarts} starts` : `${r.restarts}${r.missed ? ` (${r.missed} missed)` : ''}`;
    return [
      TOOL_LABELS[r.tool],
      r.sent === null ? (r.error ? `error: ${r.error}` : '') : num(r.sent),
      r.failed === null ? '' : num(r.failed),
      breakdown,
      restartsCell,
      ms(r.latencyMs.median),
      ms(r.latencyMs.p90),
      over,
    ];
  });
  return [
    `### Restarts under load: ${title}`,
    '',
    `${clients} clients, a new connection per request; ${restarts} restarts per tool, each triggered by a file write. Latency: write -> first response from the new process (cold start: spawn -> first response).`,
    '',
    table(['tool', 'requests', 'failed', 'refused / reset / timeout', 'restarts', 'latency median', 'p90', 'over cold start'], rows),
  ].join('\n');
}

const summaryCells = (s: Summary): string[] => [ms(s.median), ms(s.p90)];

export function renderMarkdown(results: BenchResults): string {
  const parts: string[] = [];
  const m = results.machine;
  parts.push(`## Benchmark results (${results.date.slice(0, 10)})`);
  parts.push(`Machine: ${m.cpu} x${m.cores}, ${m.memoryGb} GB RAM, Linux ${m.kernel}, Node ${m.node}, nodemon ${m.nodemon}. Environment cleaned for every tool: ${results.envDropped.length ? results.envDropped.join(', ') : 'nothing to drop'}. Total run ${Math.round(results.elapsedMs / 1000)} s.`);
  const o = results.options;
  if (results.restart) parts.push(restartTable(results.restart, o.clients, o.restarts));
  if (results.slow) parts.push(restartTable(results.slow, o.clients, o.restarts));
  if (results.generations) parts.push(renderGenerations(results.generations, o.restarts));
  const ov = results.overhead;
  if (ov) {
    const rows = [
      ['`node -e 0`', ...summaryCells(ov.nodeMs), '1.00'],
      ['`systemfd --version`', ...summaryCells(ov.versionMs), ov.ratioVersion === null ? 'n/a' : ov.ratioVersion.toFixed(2)],
      ['`systemfd -s 0 -- node -e 0`', ...summaryCells(ov.systemfdMs), ov.ratio === null ? 'n/a' : ov.ratio.toFixed(2)],
      ['`systemfd --no-node-preload -s 0 -- node -e 0`', ...summaryCells(ov.systemfdNoPreloadMs), ov.ratioNoPreload === null ? 'n/a' : ov.ratioNoPreload.toFixed(2)],
      ['floor: koffi + one socket + `sh -c exec node -e 0`, no CLI', ...summaryCells(ov.floorMs), ov.ratioFloor === null ? 'n/a' : ov.ratioFloor.toFixed(2)],
    ];
    const spawnRows = ov.writeToSpawn.map((r) => [
      TOOL_LABELS[r.tool],
      ...summaryCells(r.childMs),
      ...summaryCells(r.lineMs),
      r.changeSeenMs ? ms(r.changeSeenMs.median) : 'n/a',
      r.error ? `error: ${r.error}` : r.missed ? `${r.missed} missed` : '',
    ]);
    parts.push([
      '### CLI overhead',
      '',
      `Spawn -> exit, ${o.overheadRuns} runs each, interleaved.`,
      '',
      table(['command', 'median', 'p90', 'ratio to node'], rows),
      '',
      `File write -> the new child's first line (\`sh -c 'date +%s.%N; ...'\`, so no Node start inside), ${o.spawnRuns} writes; systemfd's debounce ${ov.debounceMs} ms. "Restart line": the tool's restart message reaching the harness (systemfd: printed once the spawn returned; nodemon: its \`starting\` line).`,
      '',
      table(['tool', 'write -> child median', 'p90', 'write -> restart line median', 'p90', 'write -> change reported (-v)', ''], spawnRows),
    ].join('\n'));
  }
  const w = results.watcher;
  if (w) {
    const rows = w.rows.map((r) => [
      TOOL_LABELS[r.tool],
      r.error ? `error: ${r.error}` : ms(r.readyMs),
      r.startRssMb === null ? 'n/a' : `${r.startRssMb} MB`,
      r.rssMb === null ? 'n/a' : `${r.rssMb} MB`,
      r.peakRssMb === null ? 'n/a' : `${r.peakRssMb} MB`,
      r.idleCpuPct === null ? 'n/a' : `${r.idleCpuPct} %`,
      num(r.inotifyWatches),
      ms(r.burstWriteMs),
      num(r.burstRestarts),
      ms(r.settleMs),
    ]);
    parts.push([
      `### Watching a tree of ${num(w.watchedFiles + w.ignoredFiles)} files: ${num(w.watchedFiles)} watched in ${num(w.watchedDirs)} directories, ${num(w.ignoredFiles)} in node_modules`,
      '',
      `Ready: spawn -> the tool's "watching" line. RSS and CPU of the tool's own process (/proc), idle CPU over ${o.idleMs / 1000} s; RSS after start at the end of that window, settled RSS ${SETTLED_AFTER_MS / 1000} s after ready (V8 returns the heap a start-up grew only after 8 s or more). Burst: ${w.burstFiles} files rewritten as fast as the harness can; settle = last write -> last restart (systemfd: its restart line; nodemon: its \`starting\` lines).`,
      '',
      table(['tool', 'ready', 'RSS after start', 'settled RSS', 'peak RSS', 'idle CPU', 'inotify watches', 'burst written in', 'burst restarts', 'settle'], rows),
    ].join('\n'));
  }
  if (results.targets.length) {
    parts.push(['### Targets', '', table(['target', 'figure', 'met'], results.targets.map((t) => [t.target, t.figure, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']))].join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
