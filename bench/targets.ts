/**
 * The targets the project set itself (restart latency, start-up cost, the watcher's bounds),
 * evaluated against the figures. The bench reports them next to the numbers; it never fails
 * because of them.
 */
import type { OverheadSection } from './overhead-bench.js';
import type { RestartSection } from './restart-bench.js';
import type { WatcherSection } from './watcher-bench.js';

export interface TargetCheck {
  target: string;
  figure: string;
  /** null when the figure could not be measured. */
  met: boolean | null;
}

const ms = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${Math.round(x)} ms`);

function restartTargets(section: RestartSection | null, label: string): TargetCheck[] {
  if (!section) return [];
  const row = (tool: string) => section.rows.find((r) => r.tool === tool);
  const sfd = row('systemfd');
  const cold = row('cold-start');
  const nodemon = row('nodemon');
  if (!sfd) return [];
  const checks: TargetCheck[] = [];
  checks.push({
    target: `systemfd: 0 failed requests (${label})`,
    figure: sfd.failed === null ? `n/a (${sfd.error ?? 'no run'})` : `${sfd.failed} of ${sfd.sent}${sfd.missed ? `, ${sfd.missed} restarts missed` : ''}`,
    met: sfd.failed === null ? null : sfd.failed === 0 && sfd.missed === 0,
  });
  const s = sfd.latencyMs.median;
  const c = cold?.latencyMs.median ?? null;
  checks.push({
    target: `systemfd: restart median within 30 ms of cold start (${label})`,
    figure: s === null || c === null ? 'n/a' : `${ms(s)} vs ${ms(c)} (${s - c >= 0 ? '+' : '-'}${Math.abs(Math.round(s - c))} ms)`,
    met: s === null || c === null ? null : s - c <= 30,
  });
  const n = nodemon?.latencyMs.median ?? null;
  if (nodemon) {
    checks.push({
      target: `systemfd: restart median below nodemon's (${label})`,
      figure: s === null || n === null ? 'n/a' : `${ms(s)} vs ${ms(n)}`,
      met: s === null || n === null ? null : s < n,
    });
  }
  return checks;
}

export function evaluateTargets(results: { restart: RestartSection | null; slow: RestartSection | null; overhead: OverheadSection | null; watcher: WatcherSection | null }): TargetCheck[] {
  const checks: TargetCheck[] = [...restartTargets(results.restart, 'instant server'), ...restartTargets(results.slow, `${results.slow?.serverStartMs ?? 0} ms server`)];
  const overhead = results.overhead;
  if (overhead) {
    const ratio = (target: string, value: number | null, limit: number) =>
      checks.push({ target, figure: value === null ? 'n/a' : `${value.toFixed(2)}x`, met: value === null ? null : value <= limit });
    ratio('`systemfd --version` <= 1.3x `node -e 0` (medians)', overhead.ratioVersion, 1.3);
    ratio('`systemfd -s 0 -- node -e 0` <= 2.6x `node -e 0` (medians)', overhead.ratio, 2.6);
  }
  const spawn = overhead?.writeToSpawn.find((r) => r.tool === 'systemfd');
  if (overhead && spawn) {
    const limit = 25 + overhead.debounceMs;
    const m = spawn.childMs.median;
    checks.push({ target: `systemfd: file write -> spawn < 25 ms + debounce (${limit} ms)`, figure: ms(m), met: m === null ? null : m < limit });
  }
  const tree = results.watcher;
  const watcher = tree?.rows.find((r) => r.tool === 'systemfd');
  if (tree && watcher) {
    const files = `${tree.watchedFiles.toLocaleString('en-US')} files`;
    const push = (target: string, value: number | null, limit: (v: number) => boolean, unit: string) =>
      checks.push({ target, figure: value === null ? `n/a${watcher.error ? ` (${watcher.error})` : ''}` : `${value}${unit}`, met: value === null ? null : limit(value) });
    push(`watcher ready < 1.5 s (${files})`, watcher.readyMs, (v) => v < 1500, ' ms');
    push('watcher settled RSS <= 55 MB (whole systemfd process)', watcher.rssMb, (v) => v <= 55, ' MB');
    push('watcher idle CPU < 1 %', watcher.idleCpuPct, (v) => v < 1, ' %');
    push(`inotify watches <= directories (${tree.watchedDirs})`, watcher.inotifyWatches, (v) => v <= tree.watchedDirs, '');
    push(`${tree.burstFiles}-file burst -> exactly 1 restart`, watcher.burstRestarts, (v) => v === 1, '');
  }
  return checks;
}
