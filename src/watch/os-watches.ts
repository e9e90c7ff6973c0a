/**
 * The OS watches of the directory watcher: one non-recursive fs.watch per directory (one
 * inotify watch on Linux) or one recursive fs.watch per root (FSEvents, ReadDirectoryChangesW),
 * and polling for what cannot get a watch. Counts what it holds; turns every OS event into
 * "something happened to NAME in DIR" for the watcher, and says nothing itself.
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DirPoller } from './dir-poller.js';
import type { TrackedDir } from './dir-table.js';

export interface OsWatchHooks {
  /** Something happened to `name` in `dir` (null: unknown what; list the directory again). */
  onRaw(dir: string, name: string | null): void;
  /** A recursive root watch lost track: every directory below `root` must be listed again. */
  onRescanBelow(root: string): void;
  /** A directory's own watch reported an event carrying the directory's own name. */
  onSelf(tracked: TrackedDir): void;
  /** The OS refused a watch (a limit, or anything else); the caller reports it. */
  onFailure(path: string, err: unknown): void;
  /** A recursive root watch failed after it was set up. */
  onError(root: string, err: Error): void;
}

export class OsWatches {
  #poller: DirPoller;
  #hooks: OsWatchHooks;
  #maxWatches: number;
  #handles = 0;
  #rootHandles = new Map<string, FSWatcher>();

  constructor(poller: DirPoller, hooks: OsWatchHooks, maxWatches = Infinity) {
    this.#poller = poller;
    this.#hooks = hooks;
    this.#maxWatches = maxWatches;
  }

  /** How often what could not be watched is polled. */
  get pollMs(): number {
    return this.#poller.intervalMs;
  }

  count(): number {
    return this.#handles + this.#rootHandles.size;
  }

  /** The pretended watch limit of tests (WatchTuning.maxWatches), if any. */
  get simulatedLimit(): number | undefined {
    return Number.isFinite(this.#maxWatches) ? this.#maxWatches : undefined;
  }

  hasRecursive(): boolean {
    return this.#rootHandles.size > 0;
  }

  /** One recursive watch for `root`; false (after onFailure) when the OS refused it. */
  watchRecursive(root: string): boolean {
    try {
      this.#checkSimulatedLimit(root);
      const handle = fsWatch(root, { persistent: true, recursive: true }, (_type, filename) => {
        if (filename === null) this.#hooks.onRescanBelow(root);
        else {
          const abs = join(root, filename);
          this.#hooks.onRaw(dirname(abs), basename(abs));
        }
      });
      handle.on('error', (err) => this.#hooks.onError(root, err));
      this.#rootHandles.set(root, handle);
      return true;
    } catch (err) {
      this.#hooks.onFailure(root, err);
      return false;
    }
  }

  unwatchRecursive(root: string): void {
    this.#rootHandles.get(root)?.close();
    this.#rootHandles.delete(root);
  }

  /** Give a directory its watch, or poll it ('covered' ones need nothing of their own). */
  attach(tracked: TrackedDir): void {
    if (tracked.strategy === 'covered') return;
    if (tracked.strategy === 'poll') {
      tracked.baseline = this.#poller.add(tracked.abs);
      return;
    }
    try {
      this.#checkSimulatedLimit(tracked.abs);
      const handle = fsWatch(tracked.abs, { persistent: true }, (type, filename) => {
        // Events about the directory itself carry its own name (libuv: basename of the watched
        // path); a deleted directory must be re-watched even if its inode number is reused.
        if (type === 'rename' && filename === basename(tracked.abs)) this.#hooks.onSelf(tracked);
        this.#hooks.onRaw(tracked.abs, filename);
      });
      handle.on('error', () => {
        // Windows reports EPERM when a watched directory is deleted. Poll it until its parent
        // tells us what happened.
        if (tracked.handle !== handle) return;
        handle.close();
        tracked.handle = null;
        this.#handles--;
        void this.#poller.add(tracked.abs);
        this.#hooks.onRaw(dirname(tracked.abs), basename(tracked.abs));
      });
      tracked.handle = handle;
      this.#handles++;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // gone already; the parent reports it
      this.#hooks.onFailure(tracked.abs, err);
      tracked.baseline = this.#poller.add(tracked.abs);
    }
  }

  release(tracked: TrackedDir): void {
    if (tracked.handle) {
      tracked.handle.close();
      tracked.handle = null;
      this.#handles--;
    }
    this.#poller.delete(tracked.abs);
  }

  close(): void {
    this.#poller.close();
    for (const handle of this.#rootHandles.values()) handle.close();
    this.#rootHandles.clear();
  }

  /** Tests simulate a low fs.inotify.max_user_watches with WatchTuning.maxWatches. */
  #checkSimulatedLimit(path: string): void {
    if (this.count() < this.#maxWatches) return;
    throw Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${path}'`), {
      code: 'ENOSPC', errno: -28, syscall: 'watch', path, simulated: true,
    });
  }
}
