/**
 * A FileWatcher whose options can change while it runs. A watcher's paths and filters are fixed
 * when it is made, and making one is cheap, so `replace` makes a new one with the new options
 * and closes the old one only once the new one is ready: for that moment both report, and no
 * change falls between them (a change reported twice is merged by the batcher, by path).
 */
import { EventEmitter } from 'node:events';
import { createFileWatcher, type FileWatcher, type FileWatcherEvents, type WatchOptions } from '../watch/watcher.js';

const EVENTS = ['ready', 'change', 'ignored', 'root', 'warning', 'error'] as const satisfies ReadonlyArray<keyof FileWatcherEvents>;

export class ReplaceableWatcher extends EventEmitter<FileWatcherEvents> implements FileWatcher {
  #current: FileWatcher;
  #closed = false;

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
    for (const event of EVENTS) {
      watcher.on(event, (...args: unknown[]) => (this.emit as (name: string, ...rest: unknown[]) => boolean)(event, ...args));
    }
    return watcher;
  }

  /** Watch with `options` from now on; resolves once the old watcher is closed. */
  async replace(options: WatchOptions): Promise<void> {
    if (this.#closed) return;
    const previous = this.#current;
    const next = this.#make(options);
    this.#current = next;
    await new Promise<void>((resolve) => {
      next.once('ready', resolve);
      next.once('error', () => resolve());
    });
    await previous.close();
  }

  watchCount(): number {
    return this.#current.watchCount();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#current.close();
  }
}
