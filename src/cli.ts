#!/usr/bin/env node
/**
 * The bin entry. It stays tiny and imports nothing of systemfd's own until it has to, because
 * everything here is paid on every start: `--version` answers from package.json without
 * loading the CLI, and everything else goes to main.js (one bundled file in the package).
 */
import { readFileSync } from 'node:fs';
import module from 'node:module';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // package.json is two levels up both from src/ (sources) and from <outDir>/src/ (built).
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`systemfd ${version}\n`);
} else {
  // Node >= 22.1 caches compiled code between runs (what is left of our start-up is mostly
  // compiling the bundle); on older Nodes the function does not exist and nothing changes.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  await import('./main.js');
}
