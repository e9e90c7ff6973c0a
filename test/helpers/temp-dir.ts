/** Temp dirs that a test removes when it ends (also on failure). */
import { mkdtempSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export function makeTempDir(t: Pick<TestContext, 'after'> | null, prefix = 'systemfd-test-'): string {
  // realpath: /tmp may be a symlink on macOS, and watchers report real paths.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  t?.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
