/**
 * Keeps the watch roots watched when they are deleted and re-created (`rm -rf src && git
 * restore src`, a checkout that removes the folder, the project directory itself re-cloned).
 * Any other directory has a parent whose watch reports its name; a root has none, and its own
 * watch dies with it in the kernel. So a root is checked on its own watch's events and every
 * few hundred ms: one stat per root.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export type RootVerdict = 'unchanged' | 'gone' | 'back' | 'replaced';

export interface RootFacts {
  /** The root was found gone at the last check. */
  wasGone: boolean;
  /** Its table entry: inode, and whether its own watch reported a deletion. Null: not tracked. */
  tracked: { ino: number; suspect: boolean } | null;
  /** What is at the root's path now: a directory (with its inode), or not (null). */
  now: { ino: number } | null;
  /** Something named like the root exists inside it (then its watch's event may be about that). */
  sameNameInside: boolean;
}

/** Pure: what a check of a root found. */
export function decideRoot({ wasGone, tracked, now, sameNameInside }: RootFacts): RootVerdict {
  if (now === null) return wasGone ? 'unchanged' : 'gone';
  if (wasGone || tracked === null) return 'back';
  if (now.ino !== tracked.ino) return 'replaced';
  // Same inode number, which file systems reuse at once: replaced only if the root's own watch
  // reported its deletion and that event cannot have been about an entry of the same name.
  return tracked.suspect && !sameNameInside ? 'replaced' : 'unchanged';
}

export interface RootHooks {
  tracked(root: string): { ino: number; suspect: boolean } | null;
  /** Forget the old tree, reporting its files as unlinked. */
  drop(root: string): void;
  /** Walk and watch the root afresh, reporting its files as added. */
  attach(root: string): Promise<void>;
  /** Tell the watcher's users. */
  changed(root: string, verdict: Exclude<RootVerdict, 'unchanged'>): void;
}

export class RootKeeper {
  #hooks: RootHooks;
  /** Outer roots first; true while the root is gone. */
  #gone = new Map<string, boolean>();
  #timer: NodeJS.Timeout | undefined;

  constructor(hooks: RootHooks) {
    this.#hooks = hooks;
  }

  add(root: string): void {
    this.#gone.set(root, false);
  }

  has(root: string): boolean {
    return this.#gone.has(root);
  }

  roots(): string[] {
    return [...this.#gone.keys()];
  }

  /** Ask for a check of every root every `everyMs` (through `request`, so checks are serialized with other work). */
  checkEvery(everyMs: number, request: (root: string) => void): void {
    if (this.#gone.size === 0) return;
    this.#timer = setInterval(() => {
      for (const root of this.#gone.keys()) request(root);
    }, everyMs).unref();
  }

  async check(root: string): Promise<void> {
    const wasGone = this.#gone.get(root);
    if (wasGone === undefined) return;
    const st = await stat(root).catch(() => null);
    const now = st?.isDirectory() ? { ino: st.ino } : null;
    const tracked = this.#hooks.tracked(root);
    const sameNameInside = now !== null && tracked?.suspect === true && (await stat(join(root, basename(root))).catch(() => null)) !== null;
    const verdict = decideRoot({ wasGone, tracked, now, sameNameInside });
    if (verdict === 'unchanged') return;
    this.#gone.set(root, verdict === 'gone');
    if (verdict === 'gone' || verdict === 'replaced') this.#hooks.drop(root);
    if (verdict === 'back' || verdict === 'replaced') await this.#hooks.attach(root);
    this.#hooks.changed(root, verdict);
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
