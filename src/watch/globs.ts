/**
 * User globs (`-i`, include) compiled with picomatch, with gitignore's rule for slash-less
 * patterns: `*.log` or `tmp` match the basename at any depth, `src/*.ts` or `/x` are anchored
 * to cwd. (picomatch's own `basename` option also changes patterns that contain slashes, so the
 * split is done here.)
 */
import picomatch from 'picomatch';

export interface GlobList {
  /** The first pattern matching `rel` (path relative to cwd, '/' separators), or null. */
  match(rel: string, isDir: boolean): string | null;
  readonly size: number;
}

interface Compiled {
  pattern: string;
  test: (path: string) => boolean;
  onBasename: boolean;
  dirOnly: boolean;
}

export function compileGlobs(patterns: readonly string[]): GlobList {
  const compiled: Compiled[] = patterns
    .filter((p) => p.trim() !== '')
    .map((pattern) => {
      let body = pattern.trim().replace(/\\/g, '/');
      // gitignore habit: a trailing slash means "directories only".
      const dirOnly = body.endsWith('/') && body.length > 1;
      body = body.replace(/\/+$/, '');
      const anchored = body.startsWith('/') || body.startsWith('./');
      body = body.replace(/^\.?\/+/, '');
      const onBasename = !anchored && !body.includes('/');
      return { pattern, test: picomatch(body, { dot: true }), onBasename, dirOnly };
    });
  return {
    size: compiled.length,
    match(rel, isDir) {
      const base = rel.slice(rel.lastIndexOf('/') + 1);
      for (const c of compiled) {
        if (c.dirOnly && !isDir) continue;
        if (c.test(c.onBasename ? base : rel)) return c.pattern;
      }
      return null;
    },
  };
}
