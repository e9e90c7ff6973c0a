/** Where the harness finds the built CLI, nodemon and its fixtures (run from `<outDir>/bench/`). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // <outDir>/bench
export const outDir = resolve(here, '..');
export const repoRoot = resolve(outDir, '..');
export const cliPath = join(outDir, 'src/cli.js');
export const nodemonPath = join(repoRoot, 'node_modules/nodemon/bin/nodemon.js');
export const benchFixture = (name: string): string => join(repoRoot, 'bench/fixtures', name);
export const defaultResultsDir = join(repoRoot, 'bench/results');
