/**
 * The package as users get it: `npm pack` of the built repository (scripts off: the tests run
 * on the build that is there, and a rebuild in the middle of a run would change the files under
 * test), installed with `npm install --save-dev <tarball>` into a project of the test's own.
 * The tarball's dependencies come from the registry through npm's cache (`--prefer-offline`:
 * a clone's `npm ci` has filled it).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.js';
import { makeTempDir } from './temp-dir.js';

const run = promisify(execFile);

/** npm without its update check and colours, which would add lines to what tests read. */
export const npmEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' };

export async function hasNpm(): Promise<boolean> {
  try {
    await run('npm', ['--version'], { env: npmEnv });
    return true;
  } catch {
    return false;
  }
}

let packed: Promise<string> | null = null;

/** The path of the packed tarball, packed once per test file (process) into a temp dir. */
export function packedTarball(): Promise<string> {
  packed ??= (async () => {
    const dir = makeTempDir(null, 'systemfd-pack-');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: repoRoot, env: npmEnv });
    return join(dir, stdout.trim().split('\n').pop() as string);
  })();
  return packed;
}

/** `npm install --save-dev <tarball>` in `dir` (an npm project). */
export async function installTarball(dir: string, tarball: string): Promise<void> {
  await run('npm', ['install', '--save-dev', '--prefer-offline', tarball], { cwd: dir, env: npmEnv, timeout: 300_000 });
}
