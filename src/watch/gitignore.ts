/**
 * `.gitignore` semantics for the watcher: the repository's `.git/info/exclude`, then every
 * `.gitignore` from the repository root down to the path's directory, deeper files overriding
 * higher ones and the last matching rule of a file winning (gitignore(5)). Rules are evaluated
 * with the `ignore` package, which also answers "ignored because a parent directory is".
 *
 * Files are read lazily and cached per directory; `invalidate(dir)` forgets one after it changed.
 * Outside a git repository, .gitignore files from the watch root downward still apply (what
 * nodemon/watchexec users expect from a project that is not committed yet).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Layer {
  ig: Ignore;
  /** The file the rules came from, for reasons. */
  file: string;
}

export interface GitignoreVerdict {
  rule: string;
  file: string;
}

export class GitignoreRules {
  #layers = new Map<string, Layer | null>();
  #repoRoots = new Map<string, string | null>();

  /**
   * The rule ignoring `abs` (with `isDir` telling directory rules apart), or null.
   * `top` is the highest directory whose rules apply: the repository root, or the watch root
   * when the watch root itself is ignored (an explicitly watched `dist/` ignores `dist/`).
   */
  check(abs: string, isDir: boolean, top: string): GitignoreVerdict | null {
    let verdict: GitignoreVerdict | null = null;
    const exclude = this.#excludeLayer(top);
    const chain = [...(exclude ? [[top, exclude] as const] : []), ...this.#chain(top, dirname(abs))];
    for (const [base, layer] of chain) {
      const rel = relative(base, abs).split(sep).join('/');
      if (rel === '' || rel.startsWith('..')) continue;
      const result = layer.ig.test(isDir ? `${rel}/` : rel);
      if (result.ignored) verdict = { rule: result.rule?.pattern ?? '?', file: layer.file };
      else if (result.unignored) verdict = null;
    }
    return verdict;
  }

  /** The repository root containing `dir` (a directory with a `.git` entry), or null. */
  repoRoot(dir: string): string | null {
    const cached = this.#repoRoots.get(dir);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, '.git'))) {
        found = d;
        break;
      }
      if (dirname(d) === d) break;
    }
    this.#repoRoots.set(dir, found);
    return found;
  }

  invalidate(dir: string): void {
    this.#layers.delete(dir);
  }

  /** Directories from `top` down to `dir` that have rules, outermost first. */
  *#chain(top: string, dir: string): Generator<readonly [string, Layer]> {
    const rel = relative(top, dir);
    if (rel.startsWith('..')) return;
    const parts = rel === '' ? [] : rel.split(sep);
    let current = top;
    for (let i = 0; ; i++) {
      const layer = this.#layer(current, '.gitignore');
      if (layer) yield [current, layer];
      if (i >= parts.length) return;
      current = join(current, parts[i] as string);
    }
  }

  #excludeLayer(top: string): Layer | null {
    return existsSync(join(top, '.git')) ? this.#layer(join(top, '.git', 'info'), 'exclude', true) : null;
  }

  #layer(dir: string, name: string, isExclude = false): Layer | null {
    const key = isExclude ? `${dir}${sep}${name}` : dir;
    const cached = this.#layers.get(key);
    if (cached !== undefined) return cached;
    let layer: Layer | null = null;
    try {
      const text = readFileSync(join(dir, name), 'utf8');
      layer = { ig: ignore().add(text), file: join(dir, name) };
    } catch {
      layer = null; // no such file (the common case) or unreadable: no rules
    }
    this.#layers.set(key, layer);
    return layer;
  }
}

