/**
 * Collects raw OS events ("NAME in DIR", "list DIR again", "check watch root ROOT") for a short
 * settle time, then hands them over as one batch, and runs batches (and any other work on the
 * directory table) one after the other, never two at once.
 *
 * Settling is what makes an editor's write-temp-then-rename one change; it only has to span
 * microseconds, and every millisecond here adds to each restart's latency.
 */
export interface SettledEvents {
  /** dir -> names that had events. */
  names: Map<string, Set<string>>;
  /** Directories to list again (the OS could not say what changed). */
  rescans: Set<string>;
  /** Watch roots to check (deleted, replaced, back). */
  roots: Set<string>;
}

export class SettleQueue {
  #settleMs: number;
  #process: (events: SettledEvents) => Promise<void>;
  #onError: (err: unknown) => void;
  #events: SettledEvents = empty();
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #open = false;
  #closed = false;

  constructor(settleMs: number, process: (events: SettledEvents) => Promise<void>, onError: (err: unknown) => void) {
    this.#settleMs = settleMs;
    this.#process = process;
    this.#onError = onError;
  }

  name(dir: string, name: string | null): void {
    if (name === null) this.rescan(dir);
    else {
      let names = this.#events.names.get(dir);
      if (!names) this.#events.names.set(dir, (names = new Set()));
      names.add(name);
      this.#schedule();
    }
  }

  rescan(dir: string): void {
    this.#events.rescans.add(dir);
    this.#schedule();
  }

  checkRoot(root: string): void {
    this.#events.roots.add(root);
    this.#schedule();
  }

  /** Events are held until the initial walk is done: it is still filling the table. */
  open(): void {
    this.#open = true;
    this.#schedule();
  }

  /** Run `work` after everything queued so far. */
  run(work: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(work);
    this.#chain = next.catch((err: unknown) => this.#onError(err));
    return this.#chain;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#events = empty();
    await this.#chain.catch(() => undefined);
  }

  #schedule(): void {
    if (!this.#open || this.#closed || this.#timer !== undefined) return;
    const { names, rescans, roots } = this.#events;
    if (names.size === 0 && rescans.size === 0 && roots.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const events = this.#events;
      this.#events = empty();
      void this.run(() => this.#process(events));
    }, this.#settleMs).unref();
  }
}

function empty(): SettledEvents {
  return { names: new Map(), rescans: new Set(), roots: new Set() };
}
