/**
 * The directory-level watcher: at most one OS watch per watched directory, never one per file,
 * and nothing at all for ignored directories.
 *
 * Theory of operation.
 * - Walk: every watch root is walked (ignored directories are never listed), and the table
 *   (dir-table.ts) remembers each directory's entries by name and kind. Each directory gets one
 *   non-recursive fs.watch ('directories'), or each root one recursive fs.watch (os-watches.ts).
 * - Events: names with events are collected for a settle time (settle-queue.ts), then each is
 *   stat()ed once and decideEntry (entry-decision.ts, a pure function) says what the difference
 *   to the table means: add, change, unlink, a new directory to walk, a subtree to drop.
 * - Deleted directories lose their OS watch in the kernel; the parent reports the name, the
 *   subtree is dropped and, if the name comes back as a directory, walked afresh. A watch root
 *   has no parent to tell: it is checked on its own watch's events and every `rootCheckMs`, and
 *   re-attached (event `root`) when it comes back or was replaced.
 * - Symlinked directories are followed once per realpath (cycles end; `lib -> src` reports src/).
 * - Out of watches: one `warning` naming the limit (limit-warning.ts), then what could not be
 *   watched is polled by DirPoller. A long-lived watcher never dies on one refused watch.
 * Nothing here writes to the terminal; everything is an event (FileWatcherEvents).
 */
import { EventEmitter } from 'node:events';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Dirent, Stats } from 'node:fs';
import { DirPoller } from './dir-poller.js';
import { childPath, depth, DirTable, isInside, kindBehindLink, listedKind, namesThatDiffer, type Strategy, type TrackedDir } from './dir-table.js';
import { formatDuration } from './duration.js';
import { decideEntry } from './entry-decision.js';
import { describeWatchFailure } from './limit-warning.js';
import { createMatcher, toRelative, type Matcher } from './matcher.js';
import { OsWatches } from './os-watches.js';
import { RootKeeper } from './root-keeper.js';
import { findOwnOutput, type OwnOutput } from './own-output.js';
import { SettleQueue, type SettledEvents } from './settle-queue.js';
import { Slots } from './slots.js';
import type { FileChangeKind, FileWatcher, FileWatcherEvents, WatchOptions, WatchTuning } from './types.js';

export class NativeWatcher extends EventEmitter<FileWatcherEvents> implements FileWatcher {
  readonly backend: 'directories' | 'recursive';
  #options: WatchOptions;
  #matcher: Matcher;
  #ownOutput: OwnOutput;
  #table = new DirTable();
  #listing = new Slots(4);
  #watches: OsWatches;
  #queue: SettleQueue;
  #explicitFiles = new Set<string>();
  #roots: RootKeeper;
  #closed = false;
  #warnedLimit = false;

  constructor(options: WatchOptions, tuning: WatchTuning & { backend: 'directories' | 'recursive' }) {
    super();
    this.backend = tuning.backend;
    this.#options = options;
    this.#matcher = createMatcher(options);
    this.#ownOutput = tuning.ownOutput ?? findOwnOutput();
    const poller = new DirPoller(tuning.fallbackPollMs ?? (options.poll === false ? 1000 : options.poll), (dir, name) => this.#queue.name(dir, name));
    this.#watches = new OsWatches(poller, {
      onRaw: (dir, name) => {
        if (!this.#closed) this.#queue.name(dir, name);
      },
      onRescanBelow: (root) => {
        for (const dir of this.#table.paths()) if (isInside(dir, root)) this.#queue.rescan(dir);
      },
      onSelf: (tracked) => {
        this.#table.markSuspect(tracked);
        if (this.#roots.has(tracked.abs)) this.#queue.checkRoot(tracked.abs);
      },
      onFailure: (path, err) => this.#onWatchFailure(path, err),
      onError: (root, err) => this.emit('error', new Error(`watching ${this.#rel(root)} failed: ${err.message}`, { cause: err })),
    }, tuning.maxWatches);
    // Short: it only has to span an editor's write-temp-then-rename (microseconds apart); every
    // ms here adds to each restart's latency. The batcher's debounce merges longer bursts.
    this.#queue = new SettleQueue(tuning.settleMs ?? 2, (events) => this.#process(events), (err) => this.emit('error', toError(err)));
    this.#roots = new RootKeeper({
      tracked: (root) => this.#table.identity(root),
      drop: (root) => {
        this.#dropDir(root, true, false);
        this.#watches.unwatchRecursive(root);
      },
      attach: (root) => this.#attachRoot(root, true),
      changed: (root, state) => this.emit('root', { path: this.#rel(root), state }),
    });
    void this.#start(tuning.rootCheckMs ?? 500).catch((err: unknown) => this.emit('error', toError(err)));
  }

  watchCount(): number {
    return this.#watches.count();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#roots.close();
    for (const t of this.#table.all()) this.#release(t);
    this.#watches.close();
    await this.#queue.close();
  }

  async #start(rootCheckMs: number): Promise<void> {
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
    for (const root of dirRoots) {
      this.#matcher.addRoot(root);
      this.#roots.add(root);
    }
    for (const root of dirRoots) await this.#attachRoot(root, false);
    for (const file of fileRoots) {
      // A single watched file: watch its directory, but track only that name.
      this.#explicitFiles.add(file);
      const dir = dirname(file);
      const tracked = this.#table.get(dir);
      if (tracked) {
        tracked.only?.add(basename(file));
        tracked.entries.set(basename(file), 'file');
      } else {
        await this.#walk(dir, false, 'watch', new Set([basename(file)]));
      }
    }
    if (this.#closed) return;
    this.#roots.checkEvery(rootCheckMs, (root) => this.#queue.checkRoot(root));
    this.emit('ready');
    this.#queue.open();
  }

  async #attachRoot(root: string, report: boolean): Promise<void> {
    let strategy: Strategy = 'watch';
    if (this.backend === 'recursive') {
      const covered = this.#watches.hasRecursive() && this.#roots.roots().some((r) => r !== root && isInside(root, r) && this.#table.has(r));
      strategy = covered || this.#watches.watchRecursive(root) ? 'covered' : 'poll';
    }
    await this.#walk(root, report, strategy, null);
  }

  /** Record a directory, give it its OS watch (or poll it), list it and recurse. */
  async #walk(abs: string, report: boolean, strategy: Strategy, only: Set<string> | null): Promise<void> {
    if (this.#closed || this.#table.has(abs)) return;
    const found = await this.#listing.run(() => Promise.all([stat(abs), realpath(abs)])).catch(() => null);
    if (found === null) return; // vanished before we got to it; its parent reports that
    const [st, real] = found;
    if (this.#closed || this.#table.has(abs) || this.#table.seenReal(real)) return; // symlink loop / seen
    const tracked: TrackedDir = { abs, real, ino: st.ino, entries: new Map(), handle: null, strategy, only, baseline: null };
    this.#table.add(tracked);
    // Watch before listing: whatever appears after the listing is then reported by an event.
    this.#watches.attach(tracked);
    let dirents;
    try {
      dirents = await this.#listing.run(() => readdir(abs, { withFileTypes: true }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.emit('error', new Error(`cannot list ${this.#rel(abs)}: ${toError(err).message}`, { cause: err }));
      this.#release(tracked);
      return;
    }
    // A polled directory is ready once the poller knows what it looked like; only then report
    // its content, so anything changed after a report is a difference the poller sees.
    if (tracked.baseline) await tracked.baseline;
    if (this.#table.get(abs) !== tracked) return;
    const subdirs: string[] = [];
    // Indexed: an unoptimized for-of allocates an iterator result per entry of the whole tree.
    for (let i = 0; i < dirents.length; i++) {
      const dirent = dirents[i] as Dirent;
      const { name } = dirent;
      if (only && !only.has(name)) continue;
      let kind = listedKind(dirent) ?? (await kindBehindLink(childPath(abs, name)));
      if (kind === 'dir' && only) kind = 'other';
      if (kind === 'dir') {
        const child = childPath(abs, name);
        const reason = this.#matcher.checkDir(child);
        if (reason !== null) {
          tracked.entries.set(name, 'ignoredDir');
          if (report) this.emit('ignored', { kind: 'addDir', path: this.#rel(child) }, reason);
          continue;
        }
        subdirs.push(child);
      } else if (kind === 'file' && report) {
        this.#report('add', childPath(abs, name));
      }
      tracked.entries.set(name, kind);
    }
    const childStrategy = this.#childStrategy(strategy);
    await Promise.all(
      subdirs.map(async (child) => {
        if (report) this.#report('addDir', child);
        await this.#walk(child, report, childStrategy, null);
      }),
    );
  }

  /** Below a polled directory the 'directories' backend tries watches again (the limit may be per directory). */
  #childStrategy(strategy: Strategy): Strategy {
    return strategy === 'poll' && this.backend === 'directories' ? 'watch' : strategy;
  }

  #onWatchFailure(path: string, err: unknown): void {
    const failure = describeWatchFailure(err, { path: this.#rel(path), every: formatDuration(this.#watches.pollMs), simulatedLimit: this.#watches.simulatedLimit });
    if (!failure.limit) this.emit('error', new Error(failure.message, { cause: err }));
    else if (!this.#warnedLimit) {
      this.#warnedLimit = true; // once: every further directory would say the same
      this.emit('warning', failure.message);
    }
  }

  async #process({ names: pending, rescans, roots }: SettledEvents): Promise<void> {
    if (this.#closed) return;
    // Outer roots first, as at the start.
    for (const root of this.#roots.roots()) if (roots.has(root)) await this.#roots.check(root);
    for (const dir of rescans) {
      const tracked = this.#table.get(dir);
      if (!tracked) continue;
      const listing = await readdir(dir).catch(() => [] as string[]);
      pending.set(dir, new Set([...(pending.get(dir) ?? []), ...namesThatDiffer(tracked, listing)]));
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
    const tracked = this.#table.get(dir);
    if (!tracked || (tracked.only && !tracked.only.has(name))) return; // not ours (ignored dir)
    const abs = join(dir, name);
    const previous = tracked.entries.get(name);
    const isDir = st !== null && st.isDirectory();
    const decision = decideEntry({
      previous,
      now: st === null ? null : { type: isDir ? 'dir' : st.isFile() ? 'file' : 'other', ino: st.ino },
      tracked: previous === 'dir' ? this.#table.identity(abs) : null,
      dirIgnoredBecause: () => this.#matcher.checkDir(abs),
      ownOutput: st !== null && st.isFile() && this.#ownOutput.has(st),
    });
    if (decision.entry === 'forget') tracked.entries.delete(name);
    else if (decision.entry !== 'keep') tracked.entries.set(name, decision.entry);
    for (const step of decision.steps) {
      if (step.step === 'report') this.#report(step.kind, abs);
      else if (step.step === 'ignored') this.emit('ignored', { kind: step.kind, path: this.#rel(abs) }, step.reason);
      else if (step.step === 'dropDir') this.#dropDir(abs, true, true);
      else await this.#walk(abs, true, this.#childStrategy(tracked.strategy), null);
    }
  }

  /** Forget a directory subtree (its OS watches too); with `report`, say what vanished. */
  #dropDir(abs: string, report: boolean, reportSelf: boolean): void {
    for (const tracked of this.#table.subtree(abs)) {
      if (report) {
        for (const [name, kind] of tracked.entries) if (kind === 'file') this.#report('unlink', join(tracked.abs, name));
      }
      // Its .gitignore went with it; a new directory of that name is read afresh.
      this.#matcher.invalidate(tracked.abs);
      this.#release(tracked);
    }
    if (report && reportSelf) this.#report('unlinkDir', abs);
  }

  #release(tracked: TrackedDir): void {
    this.#watches.release(tracked);
    this.#table.remove(tracked);
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

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
