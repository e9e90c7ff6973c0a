/**
 * createFileWatcher: the watch backend selection point (one of the designated platform
 * selectors, like sockets/socket-set.ts).
 *
 *   --poll                  chokidar with usePolling (any platform; network/container mounts)
 *   macOS, Windows          fs.watch(root, { recursive: true }): FSEvents / ReadDirectoryChangesW,
 *                           one OS handle per watch root
 *   Linux and other Unixes  fs.watch(dir) per directory: one inotify watch per directory, never
 *                           per file (chokidar 5 holds one per file, see README)
 * A directory that cannot get an OS watch (limit reached, EMFILE, or any other error) is polled
 * by DirPoller, with one `warning` (limits) or an `error` (anything else); never fatal.
 * The 'chokidar' backend (native events) stays selectable through WatchTuning for comparisons.
 */
import { ChokidarWatcher } from './chokidar-watcher.js';
import { NativeWatcher } from './native-watcher.js';
import { findOwnOutput } from './own-output.js';
import type { FileWatcher, WatchBackend, WatchOptions, WatchTuning } from './types.js';

/** Node's own capability test (lib/internal/watch_mode/files_watcher.js) uses the same pair. */
const RECURSIVE_IS_NATIVE = process.platform === 'darwin' || process.platform === 'win32';

export function defaultWatchBackend(options: Pick<WatchOptions, 'poll'>): WatchBackend {
  if (options.poll !== false) return 'chokidar-poll';
  return RECURSIVE_IS_NATIVE ? 'recursive' : 'directories';
}

/**
 * Start watching. The returned watcher emits `ready` once the initial walk is done (changes
 * before that are not reported), then `change` / `ignored` / `warning` / `error`; it never
 * throws for file system trouble after construction. Call `close()` to release everything.
 * `tuning` is for tests and benchmarks only.
 */
export function createFileWatcher(options: WatchOptions, tuning: WatchTuning = {}): FileWatcher {
  const backend = tuning.backend ?? defaultWatchBackend(options);
  if (backend === 'chokidar' || backend === 'chokidar-poll') {
    return new ChokidarWatcher({ ...options, poll: backend === 'chokidar' ? false : options.poll === false ? 1000 : options.poll }, tuning.ownOutput ?? findOwnOutput());
  }
  return new NativeWatcher(options, { ...tuning, backend });
}

export type { FileWatcher, FileChange, FileChangeKind, FileWatcherEvents, RootChange, WatchBackend, WatchOptions, WatchTuning } from './types.js';
export { DEFAULT_IGNORES } from './default-ignores.js';
export { ChangeBatcher, createChangeBatcher, type ChangeBatcherOptions, type ChangeBatcherEvents } from './change-batcher.js';
export { DurationError, formatDuration, parseDuration } from './duration.js';
export { LoopDetector, type LoopDetectorOptions } from './loop-detector.js';
export { GitGate, holdDuringGitOperations } from './git-gate.js';
export { findOwnOutput, type OwnOutput } from './own-output.js';
export { describeHeld, describeLoop, describeLoopOver, describeRootChange } from './notices.js';
