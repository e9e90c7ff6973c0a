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
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=120000', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exitCode = run.status ?? 1;
