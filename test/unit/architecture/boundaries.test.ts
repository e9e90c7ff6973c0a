// The dependency rules of STYLE section 4, checked on the sources: the child library and the
// preload load in every server process, so they must never pull in the CLI's dependencies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../helpers/paths.js';

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module reachable from `entry` (relative imports followed, packages collected). */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = (match[1] ?? match[2]) as string;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  }
  return { files, packages };
}

const src = join(repoRoot, 'src');
const FORBIDDEN_PACKAGES = ['clipanion', 'typanion', 'chokidar', 'picomatch', 'tree-kill', 'ajv', 'ignore'];
const FORBIDDEN_DIRS = ['cli', 'launcher', 'watch', 'supervisor', 'log', 'config', 'rpc'].map((d) => join(src, d) + '/');

for (const entry of ['listenfd/index.ts', 'preload/register.ts']) {
  test(`src/${entry} reaches only protocol, platform and its own folder`, () => {
    const { files, packages } = reachable(join(src, entry));
    assert.ok(files.size > 1);
    for (const pkg of packages) assert.ok(!FORBIDDEN_PACKAGES.includes(pkg), `imports ${pkg}`);
    for (const file of files) {
      assert.ok(!FORBIDDEN_DIRS.some((dir) => file.startsWith(dir)), `reaches ${file.slice(src.length + 1)}`);
    }
  });
}

test('nothing imports src/cli/* except the bin entry and the CLI itself', () => {
  const { files } = reachable(join(src, 'launcher/run-watch.ts'));
  for (const file of files) assert.ok(!file.startsWith(join(src, 'cli') + '/'), `${file} is reached from the launcher`);
});
