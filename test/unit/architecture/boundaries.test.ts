// Every import in src/ (static, type-only, re-exports and dynamic import()) checked against the
// rule table in rules.ts; `process.platform` only in the selector files; the child library and
// the preload never reach the CLI's packages, even indirectly.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../../helpers/paths.js';
import { PLATFORM_SELECTORS, RULES, renderRulesTable, renderSelectorList } from './rules.js';

const src = join(repoRoot, 'src');

function sourceFiles(dir: string = src): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.c?ts$/.test(path) ? [path] : [];
  });
}

/** Every module specifier in a file: TypeScript's own pre-processor, so comments and strings are no problem. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** `cli` for src/cli/x.ts, `cli.ts` for src/cli.ts. */
function unitOf(file: string): string {
  const path = relative(src, file);
  return path.includes('/') ? (path.split('/')[0] as string) : path;
}

/** The source of a built specifier: `.js`, and `.cjs` for a bundle built from the `.ts` of its name. */
const sourceOf = (spec: string) => spec.replace(/\.c?js$/, '.ts');

const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));

interface Violation {
  file: string;
  spec: string;
}

/** Imports that the rule table does not allow. Pure, so the checker itself is tested below. */
function violations(files: readonly string[], read: (file: string) => string[] = specifiers): Violation[] {
  const found: Violation[] = [];
  for (const file of files) {
    const from = unitOf(file);
    const rule = RULES.find((r) => r.unit === from);
    for (const spec of read(file)) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) {
        const to = unitOf(resolve(dirname(file), sourceOf(spec)));
        if (to !== from && !rule?.imports.includes(to)) found.push({ file: relative(repoRoot, file), spec });
      } else if (!rule?.packages.includes(packageName(spec))) {
        found.push({ file: relative(repoRoot, file), spec });
      }
    }
  }
  return found;
}

test('every folder of src/ has a rule, and every rule a folder', () => {
  const units = new Set(sourceFiles().map(unitOf));
  assert.deepEqual([...units].sort(), RULES.map((r) => r.unit).sort());
});

test('every import in src/ is allowed by the rule table', () => {
  const files = sourceFiles();
  assert.ok(files.length > 50);
  assert.deepEqual(violations(files), []);
});

test('the checker sees type-only, re-exported and dynamic imports', () => {
  const file = join(src, 'platform/example.ts');
  const read = (text: string) => () => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const text of [
    "import type { SystemfdError } from '../errors.js';",
    "export { x } from '../sockets/address.js';",
    "const m = await import('../cli/run-cli.js');",
    "import '../log/reporter.js';",
    "import { parse } from 'picomatch';",
  ]) {
    assert.equal(violations([file], read(text)).length, 1, text);
  }
  assert.deepEqual(violations([file], read("import koffi from 'koffi'; import { x } from './posix/libc.js'; // import '../cli.js'")), []);
});

test('process.platform is read only in the platform selector files', () => {
  const readers: string[] = [];
  for (const file of sourceFiles()) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      const isRead =
        (ts.isPropertyAccessExpression(node) && node.name.text === 'platform' && node.expression.getText() === 'process') ||
        (ts.isElementAccessExpression(node) && node.expression.getText() === 'process' && node.argumentExpression.getText().includes('platform'));
      if (isRead) readers.push(relative(repoRoot, file));
      ts.forEachChild(node, visit);
    };
    visit(source);
    // os.platform() is the same question asked another way.
    if (specifiers(file).includes('node:os') && /\bplatform\s*\(/.test(readFileSync(file, 'utf8'))) readers.push(relative(repoRoot, file));
  }
  const allowed = PLATFORM_SELECTORS.map((s) => s.file);
  assert.deepEqual([...new Set(readers)].filter((f) => !allowed.includes(f)), []);
  // Each listed selector still selects (a stale list would hide a new reader elsewhere).
  for (const file of allowed) assert.ok(readers.includes(file), `${file} is listed as a selector but reads no process.platform`);
});

test('the README shows the rule table and the selector list', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  assert.ok(readme.includes(renderRulesTable()), `README.md lacks the current rule table:\n${renderRulesTable()}`);
  assert.ok(readme.includes(renderSelectorList()), `README.md lacks the current selector list:\n${renderSelectorList()}`);
});

/** Every module reachable from `entry` (relative imports followed, packages collected). */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), sourceOf(spec)));
      else if (!spec.startsWith('node:')) packages.add(packageName(spec));
    }
  }
  return { files, packages };
}

const FORBIDDEN_PACKAGES = ['clipanion', 'typanion', 'chokidar', 'picomatch', 'tree-kill', 'ajv', 'ignore'];
const FORBIDDEN_UNITS = ['cli', 'cli.ts', 'config', 'launcher', 'watch', 'sockets', 'supervisor', 'log', 'errors.ts', 'rpc'];

for (const entry of ['listenfd/index.ts', 'preload/register.cts']) {
  test(`src/${entry} reaches only protocol, platform and its own kind, and none of the CLI's packages`, () => {
    const { files, packages } = reachable(join(src, entry));
    assert.ok(files.size > 3);
    assert.deepEqual([...packages].filter((p) => FORBIDDEN_PACKAGES.includes(p)), []);
    assert.deepEqual([...files].map(unitOf).filter((u) => FORBIDDEN_UNITS.includes(u)), []);
  });
}
