/**
 * The settings of a running watch session, and how a new version of them is taken in.
 *
 * The launcher's parts read the session's options tree when they act (a generation's start, a
 * build, a restart line), so a reload rewrites that tree in place: every holder of a reference
 * into it sees the new values from its next use on, and nothing needs rewiring. What is made
 * once from the settings (the watcher, the sockets, the batcher's timing) is changed by
 * rc-reload.ts.
 */
import type { GenerationFactory } from '../supervisor/generation.js';
import type { Policy, SupervisorOptions } from '../supervisor/supervisor.js';
import { readTarget, writeTarget } from '../settings/launch-options.js';
import { sessionRows } from '../settings/table.js';
import type { WatchLaunchOptions, WatchModeOptions } from './options.js';

type Tree = Record<string, unknown>;

function isPlainObject(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** Make `target` hold what `source` holds, keeping the identity of every nested plain object. */
export function assignInPlace(target: Tree, source: Tree): void {
  for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
  for (const [key, value] of Object.entries(source)) {
    const old = target[key];
    if (isPlainObject(old) && isPlainObject(value)) assignInPlace(old, value);
    else target[key] = structuredClone(value);
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Settings bound to the session itself (the directory it runs in, whether it reads stdin, how
 * its own lines look, the options of sockets it keeps open): the rows marked `reload: 'session'`,
 * each with the key the user edits and its path in the launch options.
 */
// In table order, so a reload's warning lists them as `--help` does.
const FIXED = sessionRows();

/** The keys of the session-bound settings whose value differs between the two. */
export function fixedChanges(current: WatchLaunchOptions, next: WatchLaunchOptions): string[] {
  return FIXED.filter(([, path]) => !sameValue(readTarget(current, path), readTarget(next, path))).map(([key]) => key);
}

/** Put the session's values of the session-bound settings back into `next`: they stay as they are. */
export function keepFixed(current: WatchLaunchOptions, next: WatchLaunchOptions): WatchLaunchOptions {
  const kept = structuredClone(next);
  for (const [, path] of FIXED) writeTarget(kept, path, structuredClone(readTarget(current, path)));
  // The watcher's base directory is the run's directory too, set beside the row's target.
  kept.watchMode.watch.cwd = current.watchMode.watch.cwd;
  return kept;
}

/** A factory made afresh from the settings current at each start. */
export function madeAtEachStart(make: () => GenerationFactory): GenerationFactory {
  return { start: (context) => make().start(context) };
}

/**
 * The supervisor's options, read from the watch settings whenever the supervisor looks at them
 * (it reads its options at each use), so a reload changes the policy, the readiness timeout,
 * restart-on-exit and the build steps of the next restart.
 */
export function liveSupervisorOptions(wm: WatchModeOptions, runBuild: () => Promise<boolean>, fixed: { factory: GenerationFactory }): SupervisorOptions {
  const options = {
    ...fixed,
    get policy(): Policy {
      return wm.overlap ? 'overlap' : 'replace';
    },
    get readyTimeoutMs(): number {
      return wm.readyTimeoutMs;
    },
    get restartOnExit(): boolean {
      return wm.restart === 'on-exit';
    },
  };
  // Present only with build steps: without them the supervisor may stop early on a burst.
  Object.defineProperty(options, 'beforeStart', { enumerable: true, get: () => (wm.build.length > 0 ? runBuild : undefined) });
  return options;
}
