/**
 * Holds restarts while a git operation is in progress in the repository: a rebase, merge,
 * cherry-pick or checkout rewrites files one after another (a rebase of 20 commits, 20 times),
 * and restarting on each is useless. When it ends, whatever changed meanwhile is one restart.
 *
 * Git says an operation is in progress with files in its directory: `index.lock` while a command
 * writes the index, `rebase-merge`/`rebase-apply` during a rebase (or `git am`), `MERGE_HEAD`,
 * `CHERRY_PICK_HEAD`, `REVERT_HEAD` while one of those waits for the user. The git directory gets
 * one non-recursive watch (one inotify watch); only events on those names are looked at.
 * A worktree's `.git` is a file naming its own git directory, which holds these files.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** The state files, most specific first, and how to name the operation to a user. */
export const GIT_OPERATION_FILES = [
  ['rebase-merge', 'a git rebase'],
  ['rebase-apply', 'a git rebase (or am)'],
  ['MERGE_HEAD', 'a git merge'],
  ['CHERRY_PICK_HEAD', 'a git cherry-pick'],
  ['REVERT_HEAD', 'a git revert'],
  ['index.lock', 'a git command (.git/index.lock exists)'],
] as const;

const NAMES: ReadonlySet<string> = new Set(GIT_OPERATION_FILES.map(([name]) => name));

/** Pure: which operation the present state files show, or null. */
export function gitOperation(present: ReadonlySet<string>): string | null {
  for (const [name, what] of GIT_OPERATION_FILES) if (present.has(name)) return what;
  return null;
}

/** What a gate holds: the batcher (changes are collected, not acted on, while held). */
export interface Holdable {
  hold(): void;
  release(): void;
}

export interface GitGateEvents {
  paused: [operation: string];
  resumed: [];
}

/** The git directory of the repository `cwd` is in, or null. */
export function findGitDir(cwd: string): string | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return dotGit;
    if (st?.isFile()) {
      const line = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      return line?.[1] ? resolve(dir, line[1].trim()) : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

export class GitGate extends EventEmitter<GitGateEvents> {
  readonly gitDir: string | null;
  #target: Holdable | null;
  #handle: FSWatcher | null = null;
  #operation: string | null = null;
  #checking: Promise<void> = Promise.resolve();
  #again = false;
  #closed = false;

  constructor(cwd: string, target: Holdable | null = null) {
    super();
    this.#target = target;
    let gitDir: string | null = null;
    try {
      gitDir = findGitDir(cwd);
    } catch {
      // unreadable: no gate
    }
    this.gitDir = gitDir;
    if (gitDir === null) return;
    try {
      this.#handle = fsWatch(gitDir, { persistent: false }, (_type, name) => {
        if (name === null || NAMES.has(name)) this.#check();
      });
      this.#handle.on('error', () => this.#handle?.close());
    } catch {
      return; // not watchable (a limit): restarts are simply never held
    }
    this.#check();
  }

  /** The operation in progress, or null. */
  get operation(): string | null {
    return this.#operation;
  }

  get paused(): boolean {
    return this.#operation !== null;
  }

  /** Resolves once the state seen by events so far has been examined (tests). */
  settled(): Promise<void> {
    return this.#checking;
  }

  close(): void {
    this.#closed = true;
    this.#handle?.close();
    if (this.#operation !== null) this.#target?.release();
  }

  #check(): void {
    if (this.#again) return;
    this.#again = true;
    this.#checking = this.#checking.then(async () => {
      this.#again = false;
      const gitDir = this.gitDir as string;
      const present = new Set<string>();
      await Promise.all([...NAMES].map(async (name) => ((await stat(join(gitDir, name)).catch(() => null)) ? present.add(name) : null)));
      if (this.#closed) return;
      const operation = gitOperation(present);
      const was = this.#operation;
      this.#operation = operation;
      if (was === null && operation !== null) {
        this.#target?.hold();
        this.emit('paused', operation);
      } else if (was !== null && operation === null) {
        this.#target?.release();
        this.emit('resumed');
      }
    });
  }
}

/** Hold `target` while a git operation is in progress in the repository around `cwd`. */
export function holdDuringGitOperations(cwd: string, target: Holdable): GitGate {
  return new GitGate(cwd, target);
}
