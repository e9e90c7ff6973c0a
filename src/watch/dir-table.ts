/**
 * The directory table: every walked directory, its entries by name and kind (what was last
 * reported), its realpath (to follow each symlinked directory once) and how it is watched.
 * Invariant kept by its users: a directory in the table has an OS watch, is covered by a
 * recursive root watch, or is polled.
 */
import type { Dirent, FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import type { EntryKind } from './entry-decision.js';

/** watch: own fs.watch; covered: a recursive root watch sees it; poll: poll it. */
export type Strategy = 'watch' | 'covered' | 'poll';

export interface TrackedDir {
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

export class DirTable {
  #dirs = new Map<string, TrackedDir>();
  /** realpath -> watched path. */
  #reals = new Map<string, string>();
  /** Directories whose own watch reported their deletion. */
  #suspects = new Set<TrackedDir>();

  get(abs: string): TrackedDir | undefined {
    return this.#dirs.get(abs);
  }

  has(abs: string): boolean {
    return this.#dirs.has(abs);
  }

  /** Already walked under another path (a symlink to it, or a cycle). */
  seenReal(real: string): boolean {
    return this.#reals.has(real);
  }

  add(tracked: TrackedDir): void {
    this.#dirs.set(tracked.abs, tracked);
    this.#reals.set(tracked.real, tracked.abs);
  }

  remove(tracked: TrackedDir): void {
    this.#suspects.delete(tracked);
    if (this.#dirs.get(tracked.abs) === tracked) this.#dirs.delete(tracked.abs);
    if (this.#reals.get(tracked.real) === tracked.abs) this.#reals.delete(tracked.real);
  }

  markSuspect(tracked: TrackedDir): void {
    this.#suspects.add(tracked);
  }

  isSuspect(tracked: TrackedDir): boolean {
    return this.#suspects.has(tracked);
  }

  /** What tells a tracked directory from a new one of the same name; null when not tracked. */
  identity(abs: string): { ino: number; suspect: boolean } | null {
    const tracked = this.#dirs.get(abs);
    return tracked ? { ino: tracked.ino, suspect: this.#suspects.has(tracked) } : null;
  }

  /** `abs` and every tracked directory below it. */
  subtree(abs: string): TrackedDir[] {
    return [...this.#dirs.values()].filter((t) => t.abs === abs || isInside(t.abs, abs));
  }

  all(): TrackedDir[] {
    return [...this.#dirs.values()];
  }

  paths(): IterableIterator<string> {
    return this.#dirs.keys();
  }
}

export function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** Names a fresh listing of the directory has and the table does not, and the reverse. */
export function namesThatDiffer(tracked: TrackedDir, listing: readonly string[]): string[] {
  const names = new Set(listing);
  return [...listing.filter((name) => !tracked.entries.has(name)), ...[...tracked.entries.keys()].filter((name) => !names.has(name))];
}

/**
 * What a listed entry is, from the listing alone; null for a symlink, whose target decides
 * (kindBehindLink). Most entries need no system call and no await: on a large tree one
 * suspended async call per file was most of the garbage the initial walk made.
 */
export function listedKind(dirent: Dirent): EntryKind | null {
  if (dirent.isSymbolicLink()) return null;
  return dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : 'other';
}

/** A symlink is followed: a link to a directory is walked (once per realpath), to a file watched. */
export async function kindBehindLink(path: string): Promise<EntryKind> {
  const st = await stat(path).catch(() => null);
  return st === null ? 'other' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

/**
 * DIR/NAME for a name read from DIR's listing (never empty, no separator) in an absolute,
 * normalized DIR: path.join would normalize the result again, character by character, for
 * every file of the tree.
 */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** How deep a path is (shallow directories are examined first). */
export function depth(path: string): number {
  let n = 0;
  for (const ch of path) if (ch === sep) n++;
  return n;
}
