/** Where things are, for tests compiled to `<outDir>/test/...` inside the repository. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // <outDir>/test/helpers
export const outDir = resolve(here, '../..');
export const repoRoot = resolve(outDir, '..');
/** The package's bin, as package.json names it: the tests run what an installed package runs. */
export const cliPath = join(repoRoot, (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: { systemfd: string } }).bin.systemfd);
export const fixturesDir = join(repoRoot, 'test/fixtures');
export const fixture = (name: string): string => join(fixturesDir, name);
