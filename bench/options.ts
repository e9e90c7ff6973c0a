/**
 * The bench's knobs, with defaults sized so a full run stays under ~5 minutes on a 2-core
 * machine, each overridable from the environment (BENCH_N=20 npm run bench).
 */
import { DEFAULT_DEBOUNCE_MS } from '../src/launcher/options.js';
import { TOOL_NAMES, type ToolName } from './tools.js';

export const SECTION_NAMES = ['restart', 'slow', 'generations', 'overhead', 'watcher'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface BenchOptions {
  sections: SectionName[];
  tools: ToolName[];
  /** Restarts per tool and server variant (BENCH_N). */
  restarts: number;
  /** Bare cold starts measured per server variant (BENCH_COLD_RUNS). */
  coldRuns: number;
  /** Concurrent load clients (BENCH_CLIENTS). */
  clients: number;
  /** Minimum time between two requests of one client (BENCH_INTERVAL_MS). */
  intervalMs: number;
  /** Per-request timeout; a request that takes longer counts as failed (BENCH_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Quiet time after each restart before the next file write (BENCH_SETTLE_MS). */
  settleMs: number;
  /** The slow server's start time (BENCH_SLOW_MS). */
  slowStartMs: number;
  /** systemfd's debounce, passed as -d (BENCH_DEBOUNCE_MS). */
  debounceMs: number;
  /** Runs of `node -e 0` and of `systemfd -s 0 -- node -e 0` (BENCH_OVERHEAD_RUNS). */
  overheadRuns: number;
  /** File writes measured for write-to-spawn (BENCH_SPAWN_RUNS). */
  spawnRuns: number;
  /** Size of the generated tree, 1 = 10,000 watched files + 40,000 in node_modules (BENCH_TREE_SCALE). */
  treeScale: number;
  /** Files written in the burst (BENCH_BURST). */
  burstFiles: number;
  /** Idle-CPU sampling window (BENCH_IDLE_MS). */
  idleMs: number;
  /** After a burst, this long without a new restart ends the count (BENCH_QUIET_MS). */
  quietMs: number;
  /** Where latest.json and latest.md go (BENCH_OUT). */
  resultsDir: string;
}

export const defaultOptions = (resultsDir: string): BenchOptions => ({
  sections: [...SECTION_NAMES],
  tools: [...TOOL_NAMES],
  restarts: 10,
  coldRuns: 10,
  clients: 4,
  intervalMs: 5,
  requestTimeoutMs: 10_000,
  settleMs: 400,
  slowStartMs: 300,
  // systemfd's own default, so the figures are what a user gets without flags.
  debounceMs: DEFAULT_DEBOUNCE_MS,
  overheadRuns: 20,
  spawnRuns: 10,
  treeScale: 1,
  burstFiles: 1000,
  idleMs: 5000,
  quietMs: 2000,
  resultsDir,
});

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return value;
}

function readList<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T[]): T[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`${name}: unknown '${item}' (one of ${allowed.join(', ')})`);
  }
  return items as T[];
}

export function optionsFromEnv(env: NodeJS.ProcessEnv, resultsDir: string): BenchOptions {
  const d = defaultOptions(env.BENCH_OUT || resultsDir);
  const restarts = readNumber(env, 'BENCH_N', d.restarts);
  return {
    ...d,
    sections: readList(env, 'BENCH_SECTIONS', SECTION_NAMES, d.sections),
    tools: readList(env, 'BENCH_TOOLS', TOOL_NAMES, d.tools),
    restarts,
    coldRuns: readNumber(env, 'BENCH_COLD_RUNS', restarts),
    clients: readNumber(env, 'BENCH_CLIENTS', d.clients),
    intervalMs: readNumber(env, 'BENCH_INTERVAL_MS', d.intervalMs),
    requestTimeoutMs: readNumber(env, 'BENCH_TIMEOUT_MS', d.requestTimeoutMs),
    settleMs: readNumber(env, 'BENCH_SETTLE_MS', d.settleMs),
    slowStartMs: readNumber(env, 'BENCH_SLOW_MS', d.slowStartMs),
    debounceMs: readNumber(env, 'BENCH_DEBOUNCE_MS', d.debounceMs),
    overheadRuns: readNumber(env, 'BENCH_OVERHEAD_RUNS', d.overheadRuns),
    spawnRuns: readNumber(env, 'BENCH_SPAWN_RUNS', d.spawnRuns),
    treeScale: readNumber(env, 'BENCH_TREE_SCALE', d.treeScale),
    burstFiles: readNumber(env, 'BENCH_BURST', d.burstFiles),
    idleMs: readNumber(env, 'BENCH_IDLE_MS', d.idleMs),
    quietMs: readNumber(env, 'BENCH_QUIET_MS', d.quietMs),
  };
}
