/**
 * `npm run bench`: runs the benchmark (systemfd side by side with nodemon and node --watch),
 * prints the Markdown tables on stdout (ready to paste into the README), progress on stderr, and
 * writes latest.json + latest.md to bench/results/ (or $BENCH_OUT). Knobs: see options.ts
 * (BENCH_N, BENCH_SECTIONS, ...).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBench } from './bench.js';
import { optionsFromEnv } from './options.js';
import { defaultResultsDir } from './paths.js';
import { renderMarkdown } from './report.js';

const options = optionsFromEnv(process.env, defaultResultsDir);
const started = Date.now();
const results = await runBench(options, (message) => process.stderr.write(`bench [${Math.round((Date.now() - started) / 1000)}s] ${message}\n`));
const markdown = renderMarkdown(results);
mkdirSync(options.resultsDir, { recursive: true });
writeFileSync(join(options.resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(options.resultsDir, 'latest.md'), markdown);
process.stdout.write(markdown);
process.stderr.write(`bench: wrote ${join(options.resultsDir, 'latest.json')} and latest.md\n`);
