/**
 * Turns a burst of file changes (a `git checkout`, a formatter over 500 files, an editor's
 * atomic save) into one batch, i.e. one restart (issue 3).
 *
 * - `first` fires synchronously on the first change of a burst, so the launcher can start
 *   stopping the old child while the burst is still being collected (SPEC E, last bullet:
 *   stopping early hides most of the debounce).
 * - `batch` fires on the trailing edge, once no change arrived for `debounceMs`, with the
 *   burst's changes deduplicated by path in first-seen order.
 * - `maxWaitMs` caps how long a burst can be held back, so an endless stream (a log file
 *   written every 50 ms that is not ignored) still flushes regularly.
 * Timers are unref()'d: a pending batch never keeps the process alive on its own.
 */
import { EventEmitter } from 'node:events';
import type { FileChange, FileChangeKind } from './types.js';

export interface ChangeBatcherOptions {
  /** Quiet time that ends a burst. */
  debounceMs: number;
  /** Longest a burst is held back; default max(10 x debounceMs, 1000). */
  maxWaitMs?: number;
}

export interface ChangeBatcherEvents {
  /** The first change of a new burst (sync, before any timer). */
  first: [FileChange];
  /** The burst, deduplicated by path, in the order paths were first seen. */
  batch: [FileChange[]];
}

/**
 * How a path's kinds combine within one burst. Net effect, not history: a file created and
 * changed is an `add`; deleted and re-created (vim's backupcopy=no save) is a `change`.
 */
function mergeKinds(previous: FileChangeKind, next: FileChangeKind): FileChangeKind {
  if (previous === 'add' && next === 'change') return 'add';
  if (previous === 'unlink' && next === 'add') return 'change';
  if (previous === 'unlinkDir' && next === 'addDir') return 'addDir';
  return next;
}

export class ChangeBatcher extends EventEmitter<ChangeBatcherEvents> {
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  #pending = new Map<string, FileChange>();
  #quietTimer: NodeJS.Timeout | undefined;
  #capTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor({ debounceMs, maxWaitMs }: ChangeBatcherOptions) {
    super();
    if (!(debounceMs >= 0)) throw new RangeError(`debounceMs must be >= 0, got ${debounceMs}`);
    this.debounceMs = debounceMs;
    this.maxWaitMs = Math.max(maxWaitMs ?? Math.max(10 * debounceMs, 1000), debounceMs);
  }

  /** True while a burst is being collected. */
  get pending(): boolean {
    return this.#pending.size > 0;
  }

  push(change: FileChange): void {
    if (this.#closed) return;
    const startsBurst = this.#pending.size === 0;
    const previous = this.#pending.get(change.path);
    this.#pending.set(change.path, previous ? { path: change.path, kind: mergeKinds(previous.kind, change.kind) } : { ...change });
    if (startsBurst) {
      this.#capTimer = setTimeout(() => this.flush(), this.maxWaitMs).unref();
      this.emit('first', change);
    }
    // Trailing edge: every change re-arms the quiet timer.
    clearTimeout(this.#quietTimer);
    this.#quietTimer = setTimeout(() => this.flush(), this.debounceMs).unref();
  }

  /** Emit the pending burst now (no-op when empty). */
  flush(): void {
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#capTimer);
    this.#quietTimer = this.#capTimer = undefined;
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.emit('batch', batch);
  }

  /** Drop anything pending and ignore further pushes. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#capTimer);
    this.#pending.clear();
  }
}

export function createChangeBatcher(options: ChangeBatcherOptions): ChangeBatcher {
  return new ChangeBatcher(options);
}
