/** The `scripts` of the package.json in `cwd`, for runtime detection; {} when there is none. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readPackageScripts(cwd: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { scripts?: unknown };
    const scripts = parsed.scripts;
    if (typeof scripts !== 'object' || scripts === null) return {};
    return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    // No package.json, or one npm itself would reject: nothing to detect through.
    return {};
  }
}
