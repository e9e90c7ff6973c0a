// TypeScript users: a consumer project compiles with `strict` against the package's
// built declarations, resolved through package.json `exports` like an installed dependency.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { outDir, repoRoot } from '../../helpers/paths.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function project(t: Parameters<typeof makeTempDir>[0], source: string): string {
  const dir = makeTempDir(t, 'systemfd-consumer-');
  const pkg = join(dir, 'node_modules', 'systemfd');
  mkdirSync(pkg, { recursive: true });
  // The package as installed: its own package.json (exports) and its build output as `dist`.
  copyFileSync(join(repoRoot, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(outDir, join(pkg, 'dist'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules', '@types')],
    },
    files: ['consumer.mts'],
  }));
  writeFileSync(join(dir, 'consumer.mts'), source);
  return dir;
}

function tsc(dir: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

test('the consumer project compiles under strict against the built types', (t) => {
  const result = tsc(project(t, readFileSync(join(repoRoot, 'test', 'consumer-types', 'consumer.mts'), 'utf8')));
  assert.equal(result.output, '');
  assert.ok(result.ok);
});

test('the types are real: a misuse fails to compile', (t) => {
  const result = tsc(project(t, "import { listenFdsSync } from 'systemfd/listenfd';\nconst fd: string = listenFdsSync().takeRawFd(0);\n"));
  assert.equal(result.ok, false);
  assert.match(result.output, /Type 'number \| null' is not assignable to type 'string'/);
});
