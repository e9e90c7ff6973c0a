/**
 * `npm run bench:generations`: only the generations section (replace vs overlap vs nodemon vs
 * node --watch), printed as Markdown. `npm run bench` runs it with the other sections.
 */
import { cleanEnv } from './clean-env.js';
import { renderGenerations, runGenerationsSection } from './generations-bench.js';
import { optionsFromEnv } from './options.js';
import { defaultResultsDir } from './paths.js';

const options = optionsFromEnv(process.env, defaultResultsDir);
const started = Date.now();
const section = await runGenerationsSection(options, cleanEnv(), (message) => process.stderr.write(`bench [${Math.round((Date.now() - started) / 1000)}s] ${message}\n`));
process.stdout.write(renderGenerations(section, options.restarts));
