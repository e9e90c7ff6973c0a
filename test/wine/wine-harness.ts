/**
 * Running Windows node under Wine from Linux tests (recipe: scripts/setup-wine.sh).
 *
 * - The setup comes from the environment (SYSTEMFD_WINE_NODE, WINEPREFIX,
 *   SYSTEMFD_WINE_NODE_PATH as printed by the setup script) or else from `<repo>/.wine-ci/env`
 *   that the script writes. Without it, or without `wine`, `findWine()` says why and the
 *   tests skip with that reason.
 * - Windows node under Wine cannot write to a Unix pipe (EBADF), so stdout and stderr go to
 *   files; `waitFor` re-reads them when they change.
 * - Every Windows process of the prefix shares one wineserver; `killWineProcesses()`
 *   (`wineserver -k` on our own prefix only) is the teardown.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, outDir } from '../helpers/paths.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { TestContext } from 'node:test';

export interface WineSetup {
  nodeExe: string;
  env: NodeJS.ProcessEnv;
}

const ENV_FILE = join(repoRoot, '.wine-ci/env');

function readEnvFile(): Record<string, string> {
  if (!existsSync(ENV_FILE)) return {};
  const text = readFileSync(ENV_FILE, 'utf8');
  return Object.fromEntries([...text.matchAll(/([A-Z_0-9]+)=(?:'([^']*)'|(\S*))/g)].map((m) => [m[1] ?? '', m[2] ?? m[3] ?? '']));
}

/** The Wine setup, or the reason it is missing (for t.skip). */
export function findWine(): WineSetup | { reason: string } {
  const fromFile = readEnvFile();
  const get = (name: string) => process.env[name] ?? fromFile[name];
  const nodeExe = get('SYSTEMFD_WINE_NODE');
  const prefix = get('WINEPREFIX');
  const modules = get('SYSTEMFD_WINE_NODE_PATH');
  if (!nodeExe || !prefix || !modules) return { reason: 'Wine is not set up: run scripts/setup-wine.sh (it writes .wine-ci/env)' };
  if (!existsSync(nodeExe)) return { reason: `Windows node.exe missing at ${nodeExe}: run scripts/setup-wine.sh` };
  const probe = spawnSync('wine', ['--version'], { env: { ...process.env, WINEDEBUG: '-all' }, stdio: ['ignore', 'ignore', 'ignore'] });
  if (probe.error || probe.status !== 0) return { reason: 'wine is not installed (apt-get install wine wine64, or scripts/setup-wine.sh)' };
  // Not the test runner's own context: a Windows `node --test` would think it is a worker.
  const { NODE_TEST_CONTEXT: _ignored, ...base } = process.env;
  return {
    nodeExe,
    env: {
      ...base,
      WINEPREFIX: prefix,
      WINEDEBUG: '-all',
      WINEDLLOVERRIDES: 'mscoree,mshtml=',
      NODE_PATH: modules,
      // The fixtures import the build under test from here (Wine maps / to drive Z:).
      SYSTEMFD_DIST: windowsPath(outDir),
    },
  };
}

/** `/a/b` → `Z:\a\b` (Wine's drive Z: is the Unix root). */
export function windowsPath(unixPath: string): string {
  return `Z:${unixPath.replaceAll('/', '\\')}`;
}

export interface WineRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The first match of `pattern` in stdout or stderr after `from` characters. */
  waitFor: (pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeout?: number; from?: number }) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: () => void;
}

/** `wine node.exe ...args`, output in files of a temp dir removed after the test. */
export function startWine(t: TestContext, setup: WineSetup, args: readonly string[], { env = {}, cwd = repoRoot }: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): WineRun {
  const dir = makeTempDir(t, 'systemfd-wine-');
  const outPath = join(dir, 'stdout.log');
  const errPath = join(dir, 'stderr.log');
  const outFd = openSync(outPath, 'w+');
  const errFd = openSync(errPath, 'w+');
  const child = spawn('wine', [setup.nodeExe, ...args], { cwd, env: { ...setup.env, ...env }, stdio: ['ignore', outFd, errFd], detached: true });
  closeSync(outFd);
  closeSync(errFd);
  const read = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => { done = true; resolve({ code, signal }); });
    child.on('error', () => { done = true; resolve({ code: null, signal: null }); });
  });
  const watcher = watch(dir, () => wake());
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((fn) => fn());
  void exited.then(() => wake());
  const kill = () => {
    if (!done && child.pid !== undefined) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  t.after(() => { kill(); watcher.close(); });
  const waitFor: WineRun['waitFor'] = (pattern, { stream = 'stdout', timeout = 30_000, from = 0 } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const text = read(stream === 'stdout' ? outPath : errPath).slice(from);
        const match = text.match(pattern);
        if (match) { cleanup(); resolve(match); return; }
        if (done) { cleanup(); reject(new Error(`wine process exited before ${pattern} appeared on ${stream}.\nstdout: ${read(outPath)}\nstderr: ${read(errPath)}`)); }
      };
      // fs.watch may coalesce; a slow re-check guards against a missed event.
      const poll = setInterval(check, 250);
      const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${pattern} on ${stream}.\nstdout: ${read(outPath)}\nstderr: ${read(errPath)}`)); }, timeout);
      const cleanup = () => { clearTimeout(timer); clearInterval(poll); waiters.delete(check); };
      waiters.add(check);
      check();
    });
  return { child, stdout: () => read(outPath), stderr: () => read(errPath), waitFor, exited, kill };
}

/** `wineserver -k` for our prefix: ends every Windows process the suite started. */
export function killWineProcesses(setup: WineSetup): void {
  spawnSync('wineserver', ['-k'], { env: setup.env, stdio: 'ignore', timeout: 10_000 });
}

/** Skip helper: returns the setup or skips the test with the reason. */
export function requireWine(t: TestContext): WineSetup | null {
  const setup = findWine();
  if ('reason' in setup) {
    t.skip(setup.reason);
    return null;
  }
  return setup;
}
