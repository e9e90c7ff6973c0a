/**
 * chokidar behind the FileWatcher interface: used for `--poll` (usePolling: network and
 * container mounts without events) and as the fallback where node:fs watch is unavailable.
 * chokidar 4+ has no globs, so our matcher is its `ignored` function: ignored
 * directories are not walked. Files failing the filters are ignored by chokidar too, so polling
 * never stats them; their `ignored` reasons are emitted when chokidar first meets them after ready.
 */
import { EventEmitter } from 'node:events';
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FSWatcher as ChokidarFSWatcher } from 'chokidar';
import { createMatcher, toRelative } from './matcher.js';
import { NO_OWN_OUTPUT, type OwnOutput } from './own-output.js';
import type { FileChangeKind, FileWatcher, FileWatcherEvents, WatchOptions } from './types.js';

const KINDS = ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const satisfies readonly FileChangeKind[];

export class ChokidarWatcher extends EventEmitter<FileWatcherEvents> implements FileWatcher {
  readonly backend: 'chokidar' | 'chokidar-poll';
  #watcher: ChokidarFSWatcher | null = null;
  #closed = false;
  #ready = false;

  #ownOutput: OwnOutput;

  constructor(options: WatchOptions, ownOutput: OwnOutput = NO_OWN_OUTPUT) {
    super();
    this.backend = options.poll === false ? 'chokidar' : 'chokidar-poll';
    this.#ownOutput = ownOutput;
    void this.#start(options).catch((err: unknown) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
  }

  async #start(options: WatchOptions): Promise<void> {
    const { cwd } = options;
    const matcher = createMatcher(options);
    const roots = (options.paths.length > 0 ? options.paths : ['.']).map((p) => resolve(cwd, p));
    const rootSet = new Set(roots);
    // Our own stdout/stderr files: never a change (each line written would restart).
    const ownPaths = new Set(this.#ownOutput.paths);
    for (const root of roots) {
      const st = await stat(root).catch(() => null);
      if (st?.isDirectory()) matcher.addRoot(root);
    }
    const reported = new Set<string>();
    const ignored = (path: string, stats?: Stats): boolean => {
      if (ownPaths.has(path) || (stats?.isFile() && this.#ownOutput.has(stats))) return true;
      if (stats === undefined || rootSet.has(path)) return false; // decided once stats are known
      const isDir = stats.isDirectory();
      const reason = isDir ? matcher.checkDir(path) : matcher.checkFile(path);
      if (reason === null) return false;
      // chokidar asks again on every rescan; say it once per path.
      if (this.#ready && !reported.has(path)) {
        reported.add(path);
        this.emit('ignored', { kind: isDir ? 'addDir' : 'add', path: toRelative(cwd, path) }, reason);
      }
      return true;
    };
    // Loaded on demand: the default backend never needs chokidar (about 7 MB of RSS).
    const { watch: chokidarWatch } = await import('chokidar');
    if (this.#closed) return;
    const poll = options.poll !== false;
    const watcher = chokidarWatch(roots, {
      ignoreInitial: true,
      ignored,
      usePolling: poll,
      interval: poll ? options.poll || 100 : 100,
      binaryInterval: poll ? options.poll || 300 : 300,
      // Editors' write-temp-then-rename shows up as one change.
      atomic: true,
      followSymlinks: true,
    });
    this.#watcher = watcher;
    for (const kind of KINDS) {
      watcher.on(kind, (path: string) => {
        const change = { kind, path: toRelative(cwd, path) };
        // chokidar sometimes asks `ignored` without stats (new files found by a rescan), and we
        // cannot tell a file from a directory then; so files are checked again here.
        const reason = kind === 'addDir' || kind === 'unlinkDir' || rootSet.has(path) ? null : matcher.checkFile(path);
        if (reason === null) this.emit('change', change);
        else this.emit('ignored', change, reason);
      });
    }
    watcher.on('error', (err) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
    watcher.on('ready', () => {
      // With polling, each file's baseline stat (fs.watchFile) is still in flight at chokidar's
      // ready; a write in that gap would never be seen. One interval later it has landed.
      const settle = poll ? Math.max(50, Number(options.poll)) : 0;
      setTimeout(() => {
        if (this.#closed) return;
        this.#ready = true;
        this.emit('ready');
      }, settle).unref();
    });
  }

  /** Paths chokidar holds a watch for (one per file and directory). */
  watchCount(): number {
    if (!this.#watcher) return 0;
    let count = 0;
    for (const [dir, names] of Object.entries(this.#watcher.getWatched())) count += dir === '' ? 0 : names.length;
    return count;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#watcher?.close();
  }
}
