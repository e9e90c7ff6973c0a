/**
 * A FileWatcher whose options can change while it runs. A watcher's paths and filters are fixed
 * when it is made, and making one is cheap, so `replace` makes a new one with the new options
 * and closes the old one only once the new one is ready: for that moment both report, and no
 * change falls between them (a change reported twice is merged by the batcher, by path).
 *
 * Every watcher made here is closed by `close()`, also one still waiting to take over or to be
 * closed by a pending replace: an open watcher holds OS watches and keeps the process alive.
 */
import { EventEmitter } from 'node:events';
import { createFileWatcher, type FileWatcher, type FileWatcherEvents, type WatchOptions } from '../watch/watcher.js';

const EVENTS = ['ready', 'change', 'ignored', 'root', 'warning', 'error'] as const satisfies ReadonlyArray<keyof FileWatcherEvents>;

export class ReplaceableWatcher extends EventEmitter<FileWatcherEvents> implements FileWatcher {
  #current: FileWatcher;
  /** Every watcher made and not yet closed (the current one, and any a replace still overlaps). */
  readonly #open = new Set<FileWatcher>();
  /** Aborted by close(): a replace waiting for its new watcher's `ready` stops waiting. */
  readonly #closing = new AbortController();

  constructor(options: WatchOptions) {
    super();
    this.#current = this.#make(options);
  }

  get backend(): FileWatcher['backend'] {
    return this.#current.backend;
  }

  #make(options: WatchOptions): FileWatcher {
    // A copy: the session's options tree is rewritten in place on a reload, and a running
    // watcher must keep the options it was made with.
    const watcher = createFileWatcher(structuredClone(options));
    this.#open.add(watcher);
    for (const event of EVENTS) {
      watcher.on(event, (...args: unknown[]) => (this.emit as (name: string, ...rest: unknown[]) => boolean)(event, ...args));
    }
    return watcher;
  }

  /**
   * Watch with `options` from now on; resolves once the old watcher is closed. Throws at once
   * (and the old watcher stays) when the new one cannot be made.
   */
  replace(options: WatchOptions): Promise<void> {
    if (this.#closing.signal.aborted) return Promise.resolve();
    const previous = this.#current;
    const next = this.#make(options);
    this.#current = next;
    return this.#takeOver(next, previous);
  }

  async #takeOver(next: FileWatcher, previous: FileWatcher): Promise<void> {
    const closing = this.#closing.signal;
    await new Promise<void>((resolve) => {
      // A closed watcher never becomes ready: close() ends the wait as well.
      const done = () => {
        closing.removeEventListener('abort', done);
        resolve();
      };
      next.once('ready', done);
      next.once('error', done);
      closing.addEventListener('abort', done, { once: true });
    });
    await this.#closeOne(previous);
  }

  #closeOne(watcher: FileWatcher): Promise<void> {
    this.#open.delete(watcher);
    return watcher.close();
  }

  watchCount(): number {
    return this.#current.watchCount();
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    await Promise.all([...this.#open].map((watcher) => this.#closeOne(watcher)));
  }
}
