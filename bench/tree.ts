/**
 * The generated large project tree the watcher figures are measured on, scaled by `scale`: at 1,
 * 10,000 watched files in 200 directories (20 packages with 9 sub-directories each) plus 40,000
 * files in 400 directories under node_modules, which a watcher must neither walk nor watch.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Tree {
  root: string;
  watchedDirs: number;
  watchedFiles: string[];
  ignoredFiles: number;
}

const FILES_PER_DIR = 50;
const MODULE_FILES_PER_DIR = 100;

export function generateTree(root: string, scale: number): Tree {
  const dirs = Math.max(1, Math.round(200 * scale));
  const moduleDirs = Math.max(1, Math.round(400 * scale));
  const watchedFiles: string[] = [];
  for (let d = 0; d < dirs; d++) {
    const dir = d % 10 === 0 ? join(root, `pkg${d / 10}`) : join(root, `pkg${Math.floor(d / 10)}`, `sub${d % 10}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) {
      const file = join(dir, `file${f}.ts`);
      writeFileSync(file, `export const x${f} = ${f};\n`);
      watchedFiles.push(file);
    }
  }
  for (let d = 0; d < moduleDirs; d++) {
    const dir = join(root, 'node_modules', `dep${d}`, 'lib');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < MODULE_FILES_PER_DIR; f++) writeFileSync(join(dir, `m${f}.js`), `module.exports = ${f};\n`);
  }
  // Directories that exist: the root, pkgN and pkgN/subM.
  return { root, watchedDirs: dirs + 1, watchedFiles, ignoredFiles: moduleDirs * MODULE_FILES_PER_DIR };
}

/** `count` watched files spread over all directories (a formatter run, a git checkout). */
export function pickBurst(tree: Tree, count: number): string[] {
  const picked: string[] = [];
  const perDir = FILES_PER_DIR;
  const dirs = tree.watchedFiles.length / perDir;
  for (let i = 0; picked.length < Math.min(count, tree.watchedFiles.length); i++) {
    const file = tree.watchedFiles[(i % dirs) * perDir + Math.floor(i / dirs)];
    if (file !== undefined) picked.push(file);
  }
  return picked;
}
