/**
 * Notices restart loops the command causes itself: a server that writes a file in the watched
 * tree when it starts (an app.db, a cache, a log that is not ignored) is restarted by that write,
 * starts again, writes again, forever.
 *
 * The sign: the same path changed right after each start, for several starts in a row. Then that
 * path is flagged, and a flagged path is silenced only right after a start: a change of it inside
 * the window after the latest start does not restart (that is the command's own write), a change
 * later than that restarts as usual (that is the user editing it). So the loop is broken and no
 * edit is lost for good; the caller says so once, with the `-i` that ignores the path entirely.
 *
 * "Right after" is one second from the start, plus the debounce the batch waited for; sooner
 * when the command says it is ready (it listens, or sends READY=1): then it ends a quarter of a
 * second after that, plus the debounce. A server writes its app.db while it starts, before it
 * serves; a person, a test or a script edits after seeing the restart, so a change made once
 * the server is up is not taken for its own. Five
 * starts in a row: a person (or a test, or a script) saving the same file right after a restart
 * does it two or three times in a row often enough, five rarely; a server that writes at start
 * does it every time, so waiting for five costs a real loop two more restarts, once.
 *
 * A flagged path is forgotten again once it stops following starts: after as many starts in a
 * row as it took to flag it, each with its whole window gone by without a change of the path.
 * Otherwise a command that wrote the file only for a while (a first-run migration, a cache that
 * is now warm) would keep costing the user's own saves that happen to land right after a
 * restart. A start cut short by the next one before its window ended tells nothing (the command
 * may not have got to its write) and does not count either way. If the command starts writing
 * again, it takes the same few starts in a row to flag the path again: a handful of restarts, not
 * a loop.
 *
 * The price of never losing an edit: a command that also writes the path later than the window
 * (a log line per request, a flush every few seconds) restarts on those writes, as it did before
 * it was flagged; nothing here can tell them from the user's saves. The notice names the `-i`
 * that ends it.
 *
 * Pure: fed the times of starts, of single changes and of batches; no clock and no I/O.
 */
export interface LoopDetectorOptions {
  /** The batcher's quiet time: a batch arrives this much after its last change. */
  debounceMs: number;
  /** How soon after a start a change counts as caused by it (default LOOP_WINDOW_MS + debounceMs). */
  windowMs?: number;
  /** Starts in a row that must each be followed by the change (default LOOP_STARTS); as many without it forget it. */
  startsInARow?: number;
}

/** The window after a start, before the debounce is added: see the header. */
export const LOOP_WINDOW_MS = 1000;

/** Starts in a row followed by the same change that make it a loop: see the header. */
export const LOOP_STARTS = 5;

/** After the command said it is ready, how long its window stays open (plus the debounce). */
export const READY_GRACE_MS = 250;

interface Start {
  at: number;
  /** The end of the window after this start. */
  endsAt: number;
  /** Paths changed inside this start's window. */
  paths: Set<string>;
}

export class LoopDetector {
  readonly windowMs: number;
  readonly #debounceMs: number;
  readonly startsInARow: number;
  /** Paths changed right after each of the previous starts, newest last. */
  #previous: Set<string>[] = [];
  #current: Start | null = null;
  /** Flagged paths, each with how many starts in a row have gone by without it. */
  #flagged = new Map<string, number>();

  constructor({ debounceMs, windowMs, startsInARow = LOOP_STARTS }: LoopDetectorOptions) {
    this.windowMs = windowMs ?? LOOP_WINDOW_MS + debounceMs;
    this.#debounceMs = debounceMs;
    this.startsInARow = Math.max(1, startsInARow);
  }

  /**
   * A generation of the command started at `at` (ms). Returns the flagged paths forgotten now,
   * because the starts before this one were no longer followed by them.
   */
  started(at: number): string[] {
    const forgotten = this.#current ? this.#settle(this.#current, at) : [];
    if (this.#current) this.#previous.push(this.#current.paths);
    const keep = this.startsInARow - 1;
    this.#previous = keep === 0 ? [] : this.#previous.slice(-keep);
    this.#current = { at, endsAt: at + this.windowMs, paths: new Set() };
    return forgotten;
  }

  /** The latest generation said at `at` that it is ready (not a readiness timeout). */
  ready(at: number): void {
    const current = this.#current;
    if (current) current.endsAt = Math.max(current.at, Math.min(current.endsAt, at + READY_GRACE_MS + this.#debounceMs));
  }

  /**
   * A single change of `path` at `at`, before it is batched: true when it must not restart (a
   * flagged path, inside the window of the latest start).
   */
  silences(path: string, at: number): boolean {
    if (!this.#flagged.has(path) || !this.#inWindow(at)) return false;
    this.#current?.paths.add(path);
    return true;
  }

  /** The path is flagged: right after a start, its changes do not restart. */
  isFlagged(path: string): boolean {
    return this.#flagged.has(path);
  }

  /**
   * A batch of changed paths arrived at `at`. Returns the paths found looping now (each once per
   * flagging); from now on they are silenced right after each start.
   */
  batch(paths: readonly string[], at: number): string[] {
    const current = this.#current;
    if (current === null || !this.#inWindow(at)) return [];
    const found: string[] = [];
    for (const path of paths) {
      current.paths.add(path);
      if (this.#flagged.has(path) || this.#previous.length < this.startsInARow - 1) continue;
      if (this.#previous.every((set) => set.has(path))) {
        this.#flagged.set(path, 0);
        found.push(path);
      }
    }
    return found;
  }

  /** The paths flagged now. */
  flagged(): string[] {
    return [...this.#flagged.keys()];
  }

  #inWindow(at: number): boolean {
    return this.#current !== null && at >= this.#current.at && at <= this.#current.endsAt;
  }

  /** The start `start` ends with the next one at `next`: count it for each flagged path. */
  #settle(start: Start, next: number): string[] {
    const whole = next > start.endsAt;
    const forgotten: string[] = [];
    for (const [path, without] of this.#flagged) {
      if (start.paths.has(path)) this.#flagged.set(path, 0);
      else if (!whole) continue;
      else if (without + 1 < this.startsInARow) this.#flagged.set(path, without + 1);
      else {
        this.#flagged.delete(path);
        forgotten.push(path);
      }
    }
    return forgotten;
  }
}
