/**
 * Decides which paths matter, and says why the others do not (emitted as `ignored` for -v).
 *
 * Directories: default ignore names, user ignore globs, .gitignore. An ignored directory is
 * never walked nor watched (a node_modules costs nothing), so nothing under it ever reaches checkFile.
 * Files: default ignore patterns, user ignore globs, .gitignore, then the extension filter and
 * the include globs (both apply to files only: directories are always walked, because
 * `src/**\/*.ts` can match below any directory).
 * Watch roots are never checked: a path the user names explicitly is watched, even if the
 * defaults or .gitignore would skip it (`-w dist` means dist).
 */
import { isAbsolute, relative, sep } from 'node:path';
import { DEFAULT_IGNORES } from './default-ignores.js';
import { GitignoreRules } from './gitignore.js';
import { compileGlobs } from './globs.js';
import type { WatchOptions } from './types.js';

export type MatcherOptions = Pick<WatchOptions, 'cwd' | 'include' | 'ignore' | 'exts' | 'gitignore' | 'defaultIgnores'>;

export interface Matcher {
  /** Why the directory `abs` is not walked, or null when it is. */
  checkDir(abs: string): string | null;
  /** Why a change of the file `abs` is irrelevant, or null when it is relevant. */
  checkFile(abs: string): string | null;
  /** A `.gitignore` in `dir` changed: re-read it next time. */
  invalidate(dir: string): void;
  /** Declare a watch root: .gitignore rules that ignore the root itself are not applied below it. */
  addRoot(absDir: string): void;
}

/** Path relative to cwd with '/' separators (what globs and printed paths use). */
export function toRelative(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

export function createMatcher(options: MatcherOptions): Matcher {
  const { cwd } = options;
  const defaultDirs = new Set<string>(options.defaultIgnores ? DEFAULT_IGNORES.dirs : []);
  const defaultFiles = compileGlobs(options.defaultIgnores ? DEFAULT_IGNORES.files : []);
  const ignoreGlobs = compileGlobs(options.ignore);
  const includeGlobs = compileGlobs(options.include);
  const exts = options.exts.map((e) => e.trim().replace(/^\.+/, '')).filter((e) => e !== '');
  const gitignore = options.gitignore ? new GitignoreRules() : null;
  /** Watch root -> the top directory whose .gitignore rules apply to paths below it. */
  const tops = new Map<string, string>();

  const topFor = (abs: string): string | null => {
    let best: string | null = null;
    for (const root of tops.keys()) {
      if ((abs === root || abs.startsWith(root.endsWith(sep) ? root : root + sep)) && (best === null || root.length > best.length)) best = root;
    }
    return best === null ? null : (tops.get(best) ?? null);
  };

  const checkGitignore = (abs: string, isDir: boolean): string | null => {
    if (!gitignore) return null;
    const top = topFor(abs);
    if (top === null) return null;
    const verdict = gitignore.check(abs, isDir, top);
    if (!verdict) return null;
    return `matches .gitignore rule "${verdict.rule}" in ${toRelative(cwd, verdict.file)}`;
  };

  const relOf = (abs: string) => (isAbsolute(abs) ? toRelative(cwd, abs) : abs.split(sep).join('/'));

  return {
    addRoot(absDir) {
      if (!gitignore || tops.has(absDir)) return;
      const repo = gitignore.repoRoot(absDir);
      // An explicitly watched directory that git ignores (`-w dist`) is watched all the same,
      // with only its own and deeper .gitignore files applying below it.
      const top = repo === null || (repo !== absDir && gitignore.check(absDir, true, repo)) ? absDir : repo;
      tops.set(absDir, top);
    },
    checkDir(abs) {
      const rel = relOf(abs);
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      if (defaultDirs.has(name)) return `default ignore "${name}"`;
      const glob = ignoreGlobs.match(rel, true);
      if (glob !== null) return `matches ignore glob "${glob}"`;
      return checkGitignore(abs, true);
    },
    checkFile(abs) {
      const rel = relOf(abs);
      const defaultGlob = defaultFiles.match(rel, false);
      if (defaultGlob !== null) return `default ignore "${defaultGlob}"`;
      const glob = ignoreGlobs.match(rel, false);
      if (glob !== null) return `matches ignore glob "${glob}"`;
      const git = checkGitignore(abs, false);
      if (git !== null) return git;
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      if (exts.length > 0 && !exts.some((ext) => base.endsWith(`.${ext}`))) return `extension not in ${exts.join(',')}`;
      if (includeGlobs.size > 0 && includeGlobs.match(rel, false) === null) {
        return `not matched by include globs ${options.include.join(', ')}`;
      }
      return null;
    },
    invalidate(dir) {
      gitignore?.invalidate(dir);
    },
  };
}
