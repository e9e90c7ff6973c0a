// `prepare`: a git install (`npm install github:...`) and `npm ci` in a clone get a built
// dist/. `npm pack` and `npm publish` run prepare too, right after prepack has built: skip
// the second build there.
import { spawnSync } from 'node:child_process';

if (process.env.npm_command !== 'pack' && process.env.npm_command !== 'publish') {
  const npm = process.env.npm_execpath;
  const run = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' }) : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: true });
  process.exitCode = run.status ?? 1;
}
