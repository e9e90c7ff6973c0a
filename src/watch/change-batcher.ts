/**
 * Turns a burst of file changes (a `git checkout`, a formatter over 500 files, an editor's
 * atomic save) into one batch, i.e. one restart.
 *
 * - `first` fires synchronously on the first change of a burst, so the launcher can start
 *   stopping the old child while the burst is still being collected (stopping early hides
 *   most of the debounce from the restart's latency).
 * - `batch` fires on the trailing edge, once no change arrived for `debounceMs`, with the
 *   burst's changes deduplicated by path in first-seen order.
 * - `maxWaitMs` caps how long a burst can be held back, so an endless stream (a log file
 *   written every 50 ms that is not ignored) still flushes regularly.
 * - `hold()` (a git operation in progress) collects changes without acting on them: no `first`,
 *   no `batch`, only one `held` for the first change held; `release()` then lets the collected
 *   changes through as one burst.
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
  /** The first change collected while held (once per hold). */
  held: [FileChange];
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
  #held = false;
  #heldSaid = false;
  /** `first` went out for the burst now pending. */
  #firstSent = false;

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
    if (this.#held) {
      if (!this.#heldSaid) {
        this.#heldSaid = true;
        this.emit('held', change);
      }
      return;
    }
    if (startsBurst) this.#startBurst(change);
    this.#armQuietTimer();
  }

  /** Collect changes without acting on them until release(). */
  hold(): void {
    if (this.#held || this.#closed) return;
    this.#held = true;
    this.#heldSaid = false;
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#capTimer);
    this.#quietTimer = this.#capTimer = undefined;
  }

  /** Let what was collected while held through, as one burst. */
  release(): void {
    if (!this.#held || this.#closed) return;
    this.#held = false;
    const [first] = this.#pending.values();
    if (!first) return;
    if (!this.#firstSent) this.#startBurst(first);
    else this.#capTimer = setTimeout(() => this.flush(), this.maxWaitMs).unref();
    this.#armQuietTimer();
  }

  get held(): boolean {
    return this.#held;
  }

  #startBurst(change: FileChange): void {
    this.#capTimer = setTimeout(() => this.flush(), this.maxWaitMs).unref();
    this.#firstSent = true;
    this.emit('first', change);
  }

  /** Trailing edge: every change re-arms the quiet timer. */
  #armQuietTimer(): void {
    clearTimeout(this.#quietTimer);
    this.#quietTimer = setTimeout(() => this.flush(), this.debounceMs).unref();
  }

  /** Emit the pending burst now (no-op when empty, or while held). */
  flush(): void {
    if (this.#held) return;
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#capTimer);
    this.#quietTimer = this.#capTimer = undefined;
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#firstSent = false;
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
