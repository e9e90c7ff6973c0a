/**
 * The directory-level watcher (issue 8): at most one OS watch per watched directory, never one
 * per file, and nothing at all for ignored directories.
 *
 * Theory of operation.
 * - Walk: every watch root is walked (ignored directories are skipped, never listed), and for
 *   each directory we remember its entries by name and kind. With the 'directories' strategy
 *   each directory gets `fs.watch(dir)` (non-recursive: one inotify watch on Linux). With
 *   'recursive' each root gets one `fs.watch(root, { recursive: true })` (FSEvents, Windows
 *   ReadDirectoryChangesW) and the walk only builds the entry tables.
 * - Events: an OS event only says "something happened to NAME in DIR". Names are collected for
 *   `settleMs`, then each is stat()ed once and compared with the table: unknown + exists = add,
 *   known file + exists = change, known + gone = unlink, new directory = addDir + walk (its
 *   files, which may have been created before the watch existed, are reported as add).
 *   Examining paths after they settle is what makes an atomic save (write temp, rename over)
 *   ONE change: the temp file is already gone when looked at, the target is a known file.
 * - Deleted directories lose their OS watch in the kernel; the parent reports the name, we drop
 *   the subtree and, if the name comes back as a directory, walk it afresh. A directory's own
 *   watch reports its deletion as an event named like itself: that marks it suspect, so a
 *   re-created directory is re-watched even when the file system reuses the inode number.
 * - Symlinked directories are followed once: a directory whose realpath is already watched is
 *   not walked again (this breaks cycles, and `lib -> src` reports changes under src/).
 * - Out of watches (ENOSPC from inotify, EMFILE/ENFILE): one `warning`, then the directories
 *   that could not be watched are polled by DirPoller. Never fatal (STYLE rule 6).
 * Nothing here writes to the terminal; everything is an event (FileWatcherEvents).
 * One file of ~450 lines on purpose: walk, attach and apply share the entry tables' invariants
 * (a tracked directory always has a watch or a poller; entries match what was last reported).
 */
import { EventEmitter } from 'node:events';
import { watch as fsWatch, readFileSync, type FSWatcher } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Stats } from 'node:fs';
import { DirPoller } from './dir-poller.js';
import { formatDuration } from './duration.js';
import { createMatcher, toRelative, type Matcher } from './matcher.js';
import type { FileChangeKind, FileWatcher, FileWatcherEvents, WatchOptions, WatchTuning } from './types.js';

type EntryKind = 'file' | 'dir' | 'ignoredDir' | 'other';
/** watch: own fs.watch; covered: a recursive root watch sees it; poll: poll it. */
type Strategy = 'watch' | 'covered' | 'poll';

interface TrackedDir {
  abs: string;
  real: string;
  ino: number;
  entries: Map<string, EntryKind>;
  handle: FSWatcher | null;
  strategy: Strategy;
  /** For the parent of a watched single file: only these names are tracked. */
  only: Set<string> | null;
  /** Polled directories: resolves once the poller has its baseline. */
  baseline: Promise<void> | null;
}

const LIMIT_CODES = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

export class NativeWatcher extends EventEmitter<FileWatcherEvents> implements FileWatcher {
  readonly backend: 'directories' | 'recursive';
  #options: WatchOptions;
  #settleMs: number;
  #maxWatches: number;
  #matcher: Matcher;
  #dirs = new Map<string, TrackedDir>();
  /** realpath -> watched path, to follow each symlinked directory once. */
  #reals = new Map<string, string>();
  #suspects = new Set<TrackedDir>();
  #explicitFiles = new Set<string>();
  #rootHandles: FSWatcher[] = [];
  #handles = 0;
  #poller: DirPoller;
  #pending = new Map<string, Set<string>>();
  #rescans = new Set<string>();
  #settleTimer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #ready = false;
  #closed = false;
  #warnedLimit = false;

  constructor(options: WatchOptions, tuning: WatchTuning & { backend: 'directories' | 'recursive' }) {
    super();
    this.backend = tuning.backend;
    this.#options = options;
    // Short: it only has to span an editor's write-temp-then-rename (microseconds apart); every ms here
    // adds to each restart's latency (issue 7). The batcher's debounce merges longer bursts.
    this.#settleMs = tuning.settleMs ?? 2;
    this.#maxWatches = tuning.maxWatches ?? Infinity;
    this.#matcher = createMatcher(options);
    const pollMs = tuning.fallbackPollMs ?? (options.poll === false ? 1000 : options.poll);
    this.#poller = new DirPoller(pollMs, (dir, name) => this.#onRaw(dir, name));
    void this.#start().catch((err: unknown) => this.emit('error', toError(err)));
  }

  watchCount(): number {
    return this.#handles + this.#rootHandles.length;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#settleTimer);
    this.#poller.close();
    for (const t of [...this.#dirs.values()]) this.#release(t);
    for (const h of this.#rootHandles) h.close();
    this.#rootHandles = [];
    this.#pending.clear();
    await this.#chain.catch(() => undefined);
  }

  async #start(): Promise<void> {
    const { cwd } = this.#options;
    const dirRoots: string[] = [];
    const fileRoots: string[] = [];
    for (const path of this.#options.paths.length > 0 ? this.#options.paths : ['.']) {
      const abs = resolve(cwd, path);
      const st = await stat(abs).catch(() => null);
      if (st === null) this.emit('warning', `watch path ${path} does not exist; not watching it`);
      else (st.isDirectory() ? dirRoots : fileRoots).push(abs);
    }
    // Outer roots first: a root inside another one is then found already walked.
    dirRoots.sort((a, b) => a.length - b.length);
    for (const root of dirRoots) this.#matcher.addRoot(root);
    for (const root of dirRoots) {
      let strategy: Strategy = 'watch';
      if (this.backend === 'recursive') {
        const covered = this.#rootHandles.length > 0 && dirRoots.some((r) => r !== root && isInside(root, r) && this.#dirs.has(r));
        strategy = covered || this.#watchRecursive(root) ? 'covered' : 'poll';
      }
      await this.#walk(root, false, strategy, null);
    }
    for (const file of fileRoots) {
      // A single watched file: watch its directory, but track only that name.
      this.#explicitFiles.add(file);
      const dir = dirname(file);
      const tracked = this.#dirs.get(dir);
      if (tracked) {
        tracked.only?.add(basename(file));
        tracked.entries.set(basename(file), 'file');
      } else {
        await this.#walk(dir, false, 'watch', new Set([basename(file)]));
      }
    }
    if (this.#closed) return;
    this.#ready = true;
    this.emit('ready');
    if (this.#pending.size > 0 || this.#rescans.size > 0) this.#scheduleSettle();
  }

  #watchRecursive(root: string): boolean {
    try {
      this.#checkSimulatedLimit(root);
      const handle = fsWatch(root, { persistent: true, recursive: true }, (_type, filename) => {
        if (filename === null) {
          for (const dir of this.#dirs.keys()) if (isInside(dir, root)) this.#rescans.add(dir);
          this.#scheduleSettle();
        } else {
          const abs = join(root, filename);
          this.#onRaw(dirname(abs), basename(abs));
        }
      });
      handle.on('error', (err) => this.emit('error', new Error(`watching ${this.#rel(root)} failed: ${err.message}`, { cause: err })));
      this.#rootHandles.push(handle);
      return true;
    } catch (err) {
      this.#onWatchFailure(root, err);
      return false;
    }
  }

  /** Record a directory, give it its OS watch (or poll it), list it and recurse. */
  async #walk(abs: string, report: boolean, strategy: Strategy, only: Set<string> | null): Promise<void> {
    if (this.#closed || this.#dirs.has(abs)) return;
    let st: Stats;
    let real: string;
    try {
      [st, real] = await Promise.all([stat(abs), realpath(abs)]);
    } catch {
      return; // vanished before we got to it; its parent reports that
    }
    if (this.#closed || this.#dirs.has(abs) || this.#reals.has(real)) return; // symlink loop / seen
    const tracked: TrackedDir = { abs, real, ino: st.ino, entries: new Map(), handle: null, strategy, only, baseline: null };
    this.#dirs.set(abs, tracked);
    this.#reals.set(real, abs);
    // Watch before listing: whatever appears after the listing is then reported by an event.
    this.#attach(tracked);
    let dirents;
    try {
      dirents = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.emit('error', new Error(`cannot list ${this.#rel(abs)}: ${toError(err).message}`, { cause: err }));
      this.#release(tracked);
      return;
    }
    // A polled directory is ready once the poller knows what it looked like; only then report
    // its content, so anything changed after a report is a difference the poller sees.
    if (tracked.baseline) await tracked.baseline;
    if (this.#dirs.get(abs) !== tracked) return;
    const subdirs: string[] = [];
    for (const dirent of dirents) {
      const { name } = dirent;
      if (only && !only.has(name)) continue;
      const child = join(abs, name);
      // Symlinks are followed: a link to a directory is walked (once per realpath).
      let kind: EntryKind = dirent.isSymbolicLink() ? await kindAt(child) : dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : 'other';
      if (kind === 'dir' && only) kind = 'other';
      if (kind === 'dir') {
        const reason = this.#matcher.checkDir(child);
        if (reason !== null) {
          tracked.entries.set(name, 'ignoredDir');
          if (report) this.emit('ignored', { kind: 'addDir', path: this.#rel(child) }, reason);
          continue;
        }
        subdirs.push(child);
      } else if (kind === 'file' && report) {
        this.#report('add', child);
      }
      tracked.entries.set(name, kind);
    }
    const childStrategy = strategy === 'poll' && this.backend === 'directories' ? 'watch' : strategy;
    await Promise.all(
      subdirs.map(async (child) => {
        if (report) this.#report('addDir', child);
        await this.#walk(child, report, childStrategy, null);
      }),
    );
  }

  #attach(tracked: TrackedDir): void {
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
        if (type === 'rename' && filename === basename(tracked.abs)) this.#suspects.add(tracked);
        this.#onRaw(tracked.abs, filename);
      });
      handle.on('error', () => {
        // Windows reports EPERM when a watched directory is deleted. Poll it until its parent
        // tells us what happened.
        if (tracked.handle !== handle) return;
        handle.close();
        tracked.handle = null;
        this.#handles--;
        void this.#poller.add(tracked.abs);
        this.#onRaw(dirname(tracked.abs), basename(tracked.abs));
      });
      tracked.handle = handle;
      this.#handles++;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return; // gone already; the parent reports it
      this.#onWatchFailure(tracked.abs, err);
      tracked.baseline = this.#poller.add(tracked.abs);
    }
  }

  /** Tests simulate a low fs.inotify.max_user_watches with WatchTuning.maxWatches. */
  #checkSimulatedLimit(path: string): void {
    if (this.watchCount() < this.#maxWatches) return;
    throw Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${path}'`), {
      code: 'ENOSPC', errno: -28, syscall: 'watch', path,
    });
  }

  #onWatchFailure(path: string, err: unknown): void {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!LIMIT_CODES.has(code)) {
      this.emit('error', new Error(`cannot watch ${this.#rel(path)}, polling it instead: ${toError(err).message}`, { cause: err }));
      return;
    }
    if (this.#warnedLimit) return;
    this.#warnedLimit = true;
    const every = formatDuration(this.#poller.intervalMs);
    const what =
      code === 'ENOSPC'
        ? `the inotify watch limit is reached (fs.inotify.max_user_watches = ${readWatchLimit()})`
        : `too many open files (${code}; see ulimit -n)`;
    const hint = code === 'ENOSPC' ? '; raise it with: sudo sysctl fs.inotify.max_user_watches=524288' : '';
    this.emit('warning', `cannot watch ${this.#rel(path)}: ${what}; polling what cannot be watched every ${every}${hint}`);
  }

  #onRaw(dir: string, filename: string | null): void {
    if (this.#closed) return;
    if (filename === null) this.#rescans.add(dir);
    else {
      let names = this.#pending.get(dir);
      if (!names) this.#pending.set(dir, (names = new Set()));
      names.add(filename);
    }
    this.#scheduleSettle();
  }

  #scheduleSettle(): void {
    // Before 'ready' events are held: the walk is still filling the tables.
    if (!this.#ready || this.#closed || this.#settleTimer !== undefined) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      const pending = this.#pending;
      const rescans = this.#rescans;
      this.#pending = new Map();
      this.#rescans = new Set();
      this.#chain = this.#chain
        .then(() => this.#process(pending, rescans))
        .catch((err: unknown) => {
          this.emit('error', toError(err));
        });
    }, this.#settleMs).unref();
  }

  async #process(pending: Map<string, Set<string>>, rescans: Set<string>): Promise<void> {
    for (const dir of rescans) {
      const tracked = this.#dirs.get(dir);
      if (!tracked) continue;
      const names = new Set(await readdir(dir).catch(() => [] as string[]));
      const set = pending.get(dir) ?? new Set<string>();
      for (const name of names) if (!tracked.entries.has(name)) set.add(name);
      for (const name of tracked.entries.keys()) if (!names.has(name)) set.add(name);
      pending.set(dir, set);
    }
    const work: { dir: string; name: string; st: Promise<Stats | null> }[] = [];
    // Shallow directories first: when a directory was replaced, its parent's entry re-walks the
    // whole subtree once, and the events its old children reported then find nothing new.
    const dirs = [...pending.keys()].sort((a, b) => depth(a) - depth(b));
    for (const dir of dirs) {
      const names = pending.get(dir) ?? [];
      for (const name of names) work.push({ dir, name, st: stat(join(dir, name)).catch(() => null) });
    }
    for (const item of work) {
      if (this.#closed) return;
      await this.#apply(item.dir, item.name, await item.st);
    }
  }

  /** Compare what is at DIR/NAME now with the table and report the difference. */
  async #apply(dir: string, name: string, st: Stats | null): Promise<void> {
    const tracked = this.#dirs.get(dir);
    if (!tracked || (tracked.only && !tracked.only.has(name))) return; // not ours (ignored dir)
    const abs = join(dir, name);
    const previous = tracked.entries.get(name);
    if (st === null) {
      if (previous === undefined) return; // a temp file that came and went
      tracked.entries.delete(name);
      if (previous === 'file') this.#report('unlink', abs);
      else if (previous === 'dir') this.#dropDir(abs, true);
      else if (previous === 'ignoredDir') this.emit('ignored', { kind: 'unlinkDir', path: this.#rel(abs) }, this.#matcher.checkDir(abs) ?? 'ignored directory');
      return;
    }
    if (st.isDirectory()) {
      if (previous === 'ignoredDir') return;
      if (previous === 'dir') {
        const sub = this.#dirs.get(abs);
        if (!sub || (sub.ino === st.ino && !this.#suspects.has(sub))) return; // attributes changed
        this.#dropDir(abs, true); // replaced: the old one is gone, walk the new one
      } else if (previous === 'file') {
        this.#report('unlink', abs);
      }
      const reason = this.#matcher.checkDir(abs);
      if (reason !== null) {
        tracked.entries.set(name, 'ignoredDir');
        this.emit('ignored', { kind: 'addDir', path: this.#rel(abs) }, reason);
        return;
      }
      tracked.entries.set(name, 'dir');
      this.#report('addDir', abs);
      const strategy = tracked.strategy === 'poll' && this.backend === 'directories' ? 'watch' : tracked.strategy;
      await this.#walk(abs, true, strategy, null);
      return;
    }
    if (previous === 'dir') this.#dropDir(abs, true);
    if (!st.isFile()) {
      tracked.entries.set(name, 'other'); // sockets (ours too), fifos, devices: never a change
      return;
    }
    tracked.entries.set(name, 'file');
    this.#report(previous === 'file' ? 'change' : 'add', abs);
  }

  /** Forget a directory subtree (its OS watches too); with `report`, say what vanished. */
  #dropDir(abs: string, report: boolean): void {
    for (const [path, tracked] of [...this.#dirs]) {
      if (path !== abs && !isInside(path, abs)) continue;
      if (report) {
        for (const [name, kind] of tracked.entries) if (kind === 'file') this.#report('unlink', join(path, name));
      }
      this.#release(tracked);
    }
    if (report) this.#report('unlinkDir', abs);
  }

  #release(tracked: TrackedDir): void {
    if (tracked.handle) {
      tracked.handle.close();
      tracked.handle = null;
      this.#handles--;
    }
    this.#poller.delete(tracked.abs);
    this.#suspects.delete(tracked);
    if (this.#dirs.get(tracked.abs) === tracked) this.#dirs.delete(tracked.abs);
    if (this.#reals.get(tracked.real) === tracked.abs) this.#reals.delete(tracked.real);
  }

  #report(kind: FileChangeKind, abs: string): void {
    const change = { kind, path: this.#rel(abs) };
    if (kind === 'add' || kind === 'change' || kind === 'unlink') {
      if (basename(abs) === '.gitignore') this.#matcher.invalidate(dirname(abs));
      const reason = this.#explicitFiles.has(abs) ? null : this.#matcher.checkFile(abs);
      if (reason !== null) {
        this.emit('ignored', change, reason);
        return;
      }
    }
    this.emit('change', change);
  }

  #rel(abs: string): string {
    return toRelative(this.#options.cwd, abs);
  }
}

function depth(path: string): number {
  let n = 0;
  for (const ch of path) if (ch === sep) n++;
  return n;
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

async function kindAt(path: string): Promise<EntryKind> {
  const st = await stat(path).catch(() => null);
  return st === null ? 'other' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

/** The inotify limit, for the warning; '?' where /proc does not tell (not Linux, sandboxed). */
function readWatchLimit(): string {
  try {
    return readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim();
  } catch {
    return '?';
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
