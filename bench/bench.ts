/**
 * The whole benchmark: runs the chosen sections one after the other (never in parallel: they
 * would measure each other) and returns every figure plus the targets.
 */
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { wallMs } from './clock.js';
import { cleanEnv, droppedNames } from './clean-env.js';
import type { BenchOptions } from './options.js';
import { generationTargets, runGenerationsSection, type GenerationsSection } from './generations-bench.js';
import { runOverheadSection, type OverheadSection } from './overhead-bench.js';
import { repoRoot } from './paths.js';
import { runRestartSection, type RestartSection } from './restart-bench.js';
import { evaluateTargets, type TargetCheck } from './targets.js';
import { runWatcherSection, type WatcherSection } from './watcher-bench.js';

export interface Machine { cpu: string; cores: number; memoryGb: number; kernel: string; node: string; nodemon: string }

export interface BenchResults {
  date: string;
  elapsedMs: number;
  machine: Machine;
  envDropped: string[];
  options: BenchOptions;
  restart: RestartSection | null;
  slow: RestartSection | null;
  generations: GenerationsSection | null;
  overhead: OverheadSection | null;
  watcher: WatcherSection | null;
  targets: TargetCheck[];
}

function describeMachine(): Machine {
  let nodemon = 'n/a';
  try {
    nodemon = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/nodemon/package.json'), 'utf8')) as { version: string }).version;
  } catch { /* not installed */ }
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.versions.node,
    nodemon,
  };
}

export async function runBench(options: BenchOptions, progress: (message: string) => void = () => {}): Promise<BenchResults> {
  const t0 = wallMs();
  const env = cleanEnv();
  const has = (name: BenchOptions['sections'][number]) => options.sections.includes(name);
  const restart = has('restart') ? await runRestartSection(options, 0, env, progress) : null;
  const slow = has('slow') ? await runRestartSection(options, options.slowStartMs, env, progress) : null;
  const generations = has('generations') ? await runGenerationsSection(options, env, progress) : null;
  const overhead = has('overhead') ? await runOverheadSection(options, env, progress) : null;
  const watcher = has('watcher') ? await runWatcherSection(options, env, progress) : null;
  return {
    date: new Date().toISOString(),
    elapsedMs: Math.round(wallMs() - t0),
    machine: describeMachine(),
    envDropped: droppedNames(),
    options,
    restart,
    slow,
    generations,
    overhead,
    watcher,
    targets: [...evaluateTargets({ restart, slow, overhead, watcher }), ...generationTargets(generations)],
  };
}
