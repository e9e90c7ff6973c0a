// `npm test`: every *.test.js under dist/test (or under the directories given) through Node's
// test runner, one file at a time. The list is made here because Node 20 accepts a directory
// but no glob and Node 22+ a glob but no directory.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['dist/test'];
const files = roots.flatMap((root) => readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.test.js'))
  .map((entry) => relative('.', join(entry.parentPath ?? entry.path, entry.name))))
  .sort();
// Each test bounds its own waits; the runner's limit is only a backstop. Node 20 also applies it to
// a whole file (it runs every file as one test), and the overlap and drain files take minutes
// on a loaded 2-core machine.
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=600000', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
