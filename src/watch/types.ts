/**
 * The watcher's contract with the launcher ("the watcher emits, the orchestrator decides").
 * Nothing in src/watch writes to the terminal; it emits these typed events.
 */
import type { OwnOutput } from './own-output.js';

export interface WatchOptions {
  /** Base directory: relative watch paths, globs and printed paths are relative to it. */
  cwd: string;
  /** Paths to watch (files or directories), relative to cwd or absolute. Default ['.']. */
  paths: string[];
  /** Include globs (picomatch, relative to cwd); empty = everything not ignored. */
  include: string[];
  /** Ignore globs (picomatch, relative to cwd). */
  ignore: string[];
  /** Extensions without dot (`ts`, `json`); empty = any. */
  exts: string[];
  /** Honour .gitignore files (and .git/info/exclude). */
  gitignore: boolean;
  /** Apply the built-in ignores (.git, node_modules, build output, editor swap files...). */
  defaultIgnores: boolean;
  /** Poll instead of OS events: false, or the interval in ms. */
  poll: false | number;
}

export type FileChangeKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FileChange {
  kind: FileChangeKind;
  /** Path relative to cwd, with '/' separators. */
  path: string;
}

/** A watch root that was deleted, came back, or was replaced by a new directory of that name. */
export interface RootChange {
  /** The root as printed paths are: relative to cwd, '.' for cwd itself. */
  path: string;
  state: 'gone' | 'back' | 'replaced';
}

export interface FileWatcherEvents {
  /** The initial scan finished; changes from now on are real. */
  ready: [];
  /** A relevant (not ignored) change. */
  change: [FileChange];
  /** A change that was filtered out, and why (for -v). */
  ignored: [FileChange, string];
  /**
   * A watch root was deleted (its content is reported as unlinked), or is watched again after it
   * came back or was replaced (its content is reported as added).
   */
  root: [RootChange];
  /** Something degraded but the watcher goes on (e.g. fell back to polling). */
  warning: [string];
  /** A recoverable error (reported, never fatal). */
  error: [Error];
}

/** Which mechanism a FileWatcher uses (for -v and the bench). */
export type WatchBackend =
  /** node:fs watch on every directory, non-recursive: one inotify watch per directory (Linux). */
  | 'directories'
  /** node:fs watch(root, { recursive: true }): FSEvents on macOS, ReadDirectoryChangesW on Windows. */
  | 'recursive'
  /** chokidar with usePolling (`--poll`). */
  | 'chokidar-poll'
  /** chokidar with native events (fallback where node:fs watch is unavailable). */
  | 'chokidar';

/** What createFileWatcher returns: a typed emitter plus lifecycle. */
export interface FileWatcher {
  readonly backend: WatchBackend;
  on<K extends keyof FileWatcherEvents>(event: K, listener: (...args: FileWatcherEvents[K]) => void): this;
  once<K extends keyof FileWatcherEvents>(event: K, listener: (...args: FileWatcherEvents[K]) => void): this;
  off<K extends keyof FileWatcherEvents>(event: K, listener: (...args: FileWatcherEvents[K]) => void): this;
  /** Stop watching and release every OS watch and timer. Idempotent. */
  close(): Promise<void>;
  /** OS watch handles held now (one per directory with 'directories'; per root with 'recursive'). */
  watchCount(): number;
}

/**
 * Knobs for tests and the bench; the launcher passes none of them.
 * Not part of .systemfdrc or the CLI.
 */
export interface WatchTuning {
  /** Force a backend instead of the platform's choice. */
  backend?: WatchBackend;
  /** Pretend the OS refuses more than this many watches (throws ENOSPC like inotify does). */
  maxWatches?: number;
  /** Poll interval for directories that could not be watched (default 1000 ms, or `poll`). */
  fallbackPollMs?: number;
  /** Raw events are collected for this long before paths are examined (default 2 ms). */
  settleMs?: number;
  /** Files never reported as changes (default: where this process's stdout and stderr go). */
  ownOutput?: OwnOutput;
  /** How often watch roots are checked for having been deleted or replaced (default 500 ms). */
  rootCheckMs?: number;
}
