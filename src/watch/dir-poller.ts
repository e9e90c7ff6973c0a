/**
 * Polls single directories that could not get an OS watch (the inotify limit was reached, or
 * too many open files): every interval, list the directory and stat its entries, and report each
 * name whose identity, size or mtime changed, appeared or vanished. The watcher then handles the
 * name exactly like an OS event, so polled and watched directories behave the same.
 * Cost is one readdir + one stat per entry per interval, only for the directories polled.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

type Snapshot = Map<string, string>;

export class DirPoller {
  readonly intervalMs: number;
  #dirs = new Map<string, Snapshot | null>();
  #onName: (dir: string, name: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(intervalMs: number, onName: (dir: string, name: string) => void) {
    this.intervalMs = intervalMs;
    this.#onName = onName;
  }

  get size(): number {
    return this.#dirs.size;
  }

  has(dir: string): boolean {
    return this.#dirs.has(dir);
  }

  /**
   * Start polling `dir`; its current content is the baseline (nothing is reported for it).
   * Resolves once the baseline is taken: changes after that are reported.
   */
  async add(dir: string): Promise<void> {
    if (this.#closed || this.#dirs.has(dir)) return;
    this.#dirs.set(dir, null);
    this.#schedule();
    const snap = await snapshot(dir);
    if (this.#dirs.get(dir) === null) this.#dirs.set(dir, snap ?? new Map());
  }

  delete(dir: string): void {
    this.#dirs.delete(dir);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#dirs.clear();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#closed || this.#dirs.size === 0) return;
    // A chain of timeouts rather than an interval: a slow tick never overlaps the next one.
    this.#timer = setTimeout(() => void this.#tick(), this.intervalMs).unref();
  }

  async #tick(): Promise<void> {
    for (const [dir, previous] of [...this.#dirs]) {
      if (previous === null) continue; // baseline still being taken
      const current = await snapshot(dir);
      if (this.#closed || !this.#dirs.has(dir)) continue;
      if (current === null) continue; // gone: its parent reports the removal
      this.#dirs.set(dir, current);
      for (const [name, sig] of current) if (previous.get(name) !== sig) this.#onName(dir, name);
      for (const name of previous.keys()) if (!current.has(name)) this.#onName(dir, name);
    }
    this.#timer = undefined;
    this.#schedule();
  }
}

async function snapshot(dir: string): Promise<Snapshot | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const snap: Snapshot = new Map();
  await Promise.all(
    names.map(async (name) => {
      try {
        const st = await stat(join(dir, name));
        // A directory's own mtime changes with its entries; those are polled (or watched) on
        // their own, so only its identity matters here.
        snap.set(name, st.isDirectory() ? `d${st.ino}` : `f${st.ino}:${st.size}:${st.mtimeMs}`);
      } catch {
        snap.set(name, 'gone'); // dangling symlink or raced with a delete
      }
    }),
  );
  return snap;
}
