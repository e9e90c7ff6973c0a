/**
 * Where the project's `.systemfdrc` is: the current directory, then each parent, stopping after
 * the repository root (a directory with a `.git` entry, file or folder) or the filesystem root,
 * so a file in a home directory never applies to an unrelated checkout.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const RC_FILE = '.systemfdrc';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}


/** The absolute path of the nearest `.systemfdrc` at or above `cwd` (absolute), or null. */
export function findRcFile(cwd: string): string | null {
  let dir = cwd;
  for (;;) {
    const candidate = join(dir, RC_FILE);
    if (isFile(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
