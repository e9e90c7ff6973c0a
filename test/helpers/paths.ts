/** Where things are, for tests compiled to `<outDir>/test/...` inside the repository. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // <outDir>/test/helpers
export const outDir = resolve(here, '../..');
export const repoRoot = resolve(outDir, '..');
export const cliPath = join(outDir, 'src/cli.js');
export const fixturesDir = join(repoRoot, 'test/fixtures');
export const fixture = (name: string): string => join(fixturesDir, name);
