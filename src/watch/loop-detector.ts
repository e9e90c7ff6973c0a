/**
 * Notices restart loops the command causes itself: a server that writes a file in the watched
 * tree when it starts (an app.db, a cache, a log that is not ignored) is restarted by that write,
 * starts again, writes again, forever.
 *
 * The sign: the same path changed right after each start, for several starts in a row. Then that
 * path is silenced: its changes no longer restart (the caller says so once, with the `-i` that
 * makes it permanent). Pure: fed the times of starts and of batches, no clock and no I/O.
 *
 * "Right after" is one second from the start, plus the debounce the batch waited for. A person
 * saving the same file within a second of each of several restarts in a row is rare; a server
 * that writes at start does it every time.
 */
export interface LoopDetectorOptions {
  /** The batcher's quiet time: a batch arrives this much after its last change. */
  debounceMs: number;
  /** How soon after a start a change counts as caused by it (default 1000 ms + debounceMs). */
  windowMs?: number;
  /** Starts in a row that must each be followed by the change (default 3). */
  startsInARow?: number;
}

export const LOOP_WINDOW_MS = 1000;

export class LoopDetector {
  readonly windowMs: number;
  readonly startsInARow: number;
  /** Paths changed right after each of the previous starts, newest last. */
  #previous: Set<string>[] = [];
  #current: { at: number; paths: Set<string> } | null = null;
  #silenced = new Set<string>();

  constructor({ debounceMs, windowMs, startsInARow = 3 }: LoopDetectorOptions) {
    this.windowMs = windowMs ?? LOOP_WINDOW_MS + debounceMs;
    this.startsInARow = Math.max(1, startsInARow);
  }

  /** A generation of the command started at `at` (ms). */
  started(at: number): void {
    if (this.#current) this.#previous.push(this.#current.paths);
    const keep = this.startsInARow - 1;
    this.#previous = keep === 0 ? [] : this.#previous.slice(-keep);
    this.#current = { at, paths: new Set() };
  }

  /** Changes of this path no longer restart. */
  isSilenced(path: string): boolean {
    return this.#silenced.has(path);
  }

  /**
   * A batch of changed paths arrived at `at`. Returns the paths found looping now (each once,
   * ever); from now on they are silenced.
   */
  batch(paths: readonly string[], at: number): string[] {
    const current = this.#current;
    if (current === null || at - current.at > this.windowMs) return [];
    const found: string[] = [];
    for (const path of paths) {
      current.paths.add(path);
      if (this.#silenced.has(path) || this.#previous.length < this.startsInARow - 1) continue;
      if (this.#previous.every((set) => set.has(path))) {
        this.#silenced.add(path);
        found.push(path);
      }
    }
    return found;
  }

  /** The paths silenced so far. */
  silenced(): string[] {
    return [...this.#silenced];
  }
}
