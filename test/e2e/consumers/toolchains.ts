/**
 * Finds (and for compiled languages, builds) the real socket-activation consumers systemfd must
 * keep working with (libsystemd, listenfd, go-systemd, python-systemd, ...). Everything comes
 * from Debian packages, installed by scripts/setup-consumers.sh; nothing is fetched. A consumer
 * whose package is missing is skipped with a reason, unless SYSTEMFD_REQUIRE_CONSUMERS=1 (CI sets
 * it after running the setup script), where a missing one fails: a CI run must not go green by
 * skipping everything.
 *
 * Compiled binaries go to a cache outside the repository (SYSTEMFD_CONSUMERS_CACHE, default
 * <tmpdir>/systemfd-consumers), keyed by a hash of the sources and the compiler's version, so a
 * warm run costs one `stat`. A build that fails with the toolchain present is a test failure.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../helpers/paths.js';

export type Consumer = { command: string[] } | { skip: string };

const BUILD_TIMEOUT = 300_000; // a cold cargo build on a busy 2-core machine
const cacheDir = process.env.SYSTEMFD_CONSUMERS_CACHE ?? join(tmpdir(), 'systemfd-consumers');
const consumersDir = fixture('consumers');
const required = process.env.SYSTEMFD_REQUIRE_CONSUMERS === '1';
const hint = 'install it with scripts/setup-consumers.sh';

interface Run { ok: boolean; stdout: string; stderr: string }

function run(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: options.timeout ?? 20_000, maxBuffer: 16 << 20, cwd: options.cwd, env: options.env ?? process.env }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout: String(stdout), stderr: String(stderr) + (error && !stderr ? error.message : '') });
    });
  });
}

/** The skip result, or an error when the CI run requires every consumer. */
function missing(what: string): Consumer {
  const reason = `${what} is not installed (${hint})`;
  if (required) throw new Error(`${reason}; SYSTEMFD_REQUIRE_CONSUMERS=1 forbids skipping`);
  return { skip: reason };
}

function hashOf(parts: readonly string[], files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/**
 * Build once per source/compiler hash: `build(tmpOut)` writes the binary to a temporary path
 * that is renamed into place, so a concurrent or interrupted run never sees half a binary.
 */
async function cached(name: string, key: string, build: (out: string) => Promise<Run>): Promise<string> {
  const out = join(cacheDir, `${name}-${key}`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const result = await build(tmp);
  if (!result.ok || !existsSync(tmp)) {
    rmSync(tmp, { force: true });
    throw new Error(`building the ${name} consumer failed:\n${result.stderr}${result.stdout}`);
  }
  renameSync(tmp, out);
  return out;
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

/** Debian's python3-systemd lives in /usr/lib/python3/dist-packages: use Debian's interpreter. */
const debianPython = memo(async (): Promise<string | null> => {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if ((await run(python, ['-c', 'import systemd.daemon'])).ok) return python;
  }
  return null;
});

export const pythonSystemd = memo(async (): Promise<Consumer> => {
  const python = await debianPython();
  if (!python) return missing('python3-systemd');
  return { command: [python, join(consumersDir, 'python-systemd.py')] };
});

/** gunicorn plus the arguments that run the fixture app with one worker. */
export const gunicorn = memo(async (): Promise<Consumer> => {
  const candidates = ['/usr/bin/gunicorn', 'gunicorn'];
  for (const bin of candidates) {
    if ((await run(bin, ['--version'])).ok) {
      // --bind 127.0.0.1:0: when it takes no inherited socket it binds a port of its own, never 8000.
      return { command: [bin, '--workers', '1', '--graceful-timeout', '5', '--bind', '127.0.0.1:0', '--chdir', consumersDir, 'gunicorn_app:app'] };
    }
  }
  return missing('gunicorn');
});

const GOPATH = '/usr/share/gocode';

export const goSystemd = memo(async (): Promise<Consumer> => {
  const version = await run('go', ['version']);
  if (!version.ok) return missing('go (golang-go)');
  if (!existsSync(join(GOPATH, 'src/github.com/coreos/go-systemd/activation'))) return missing('go-systemd (golang-github-coreos-go-systemd-dev)');
  const source = join(consumersDir, 'go-systemd');
  const key = hashOf([version.stdout], listFiles(source));
  // GOPATH mode against Debian's source tree: offline by construction (no module proxy here).
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: join(cacheDir, 'go-build') };
  const binary = await cached('go-systemd', key, (out) => run('go', ['build', '-o', out, '.'], { cwd: source, env, timeout: BUILD_TIMEOUT }));
  return { command: [binary] };
});

const DEBIAN_CRATES = '/usr/share/cargo/registry';

/** `cargo` on PATH, else rustup's default location (a login shell adds it to PATH, CI may not). */
const findCargo = memo(async (): Promise<{ cargo: string; version: string } | null> => {
  for (const cargo of ['cargo', join(homedir(), '.cargo/bin/cargo')]) {
    const version = await run(cargo, ['--version']);
    if (version.ok) return { cargo, version: version.stdout };
  }
  return null;
});

export const rustListenfd = memo(async (): Promise<Consumer> => {
  const found = await findCargo();
  if (!found) return missing('cargo');
  if (!existsSync(DEBIAN_CRATES) || !readdirSync(DEBIAN_CRATES).some((d) => d.startsWith('listenfd-'))) {
    return missing('the listenfd crate (librust-listenfd-dev)');
  }
  const source = join(consumersDir, 'rust-listenfd');
  const key = hashOf([found.version], listFiles(source));
  const binary = await cached('rust-listenfd', key, async (out) => {
    // Build in a copy: cargo writes Cargo.lock next to Cargo.toml, and the repo stays clean.
    const work = join(cacheDir, `rust-listenfd-src-${key}`);
    rmSync(work, { recursive: true, force: true });
    cpSync(source, work, { recursive: true });
    const targetDir = join(cacheDir, 'rust-target');
    const result = await run(found.cargo, ['build', '--offline', '--quiet', '--target-dir', targetDir], { cwd: work, timeout: BUILD_TIMEOUT });
    if (result.ok) cpSync(join(targetDir, 'debug/rust-listenfd'), out);
    rmSync(work, { recursive: true, force: true });
    return result;
  });
  return { command: [binary] };
});

export const sdListenFds = memo(async (): Promise<Consumer> => {
  const cc = process.env.CC ?? 'cc';
  const version = await run(cc, ['--version']);
  if (!version.ok) return missing(`a C compiler (${cc})`);
  const flags = await run('pkg-config', ['--cflags', '--libs', 'libsystemd']);
  if (!flags.ok) return missing('libsystemd-dev');
  const source = join(consumersDir, 'sd-listen-fds.c');
  const key = hashOf([version.stdout, flags.stdout], [source]);
  const args = flags.stdout.trim().split(/\s+/).filter(Boolean);
  const binary = await cached('sd-listen-fds', key, (out) => run(cc, ['-O1', '-Wall', '-o', out, source, ...args], { timeout: BUILD_TIMEOUT }));
  return { command: [binary] };
});

/** A libsystemd sd_notify server (test/fixtures/consumers/sd-notify-server.c). */
export const sdNotifyServer = memo(async (): Promise<Consumer> => {
  const cc = process.env.CC ?? 'cc';
  const version = await run(cc, ['--version']);
  if (!version.ok) return missing(`a C compiler (${cc})`);
  const flags = await run('pkg-config', ['--cflags', '--libs', 'libsystemd']);
  if (!flags.ok) return missing('libsystemd-dev');
  const source = join(consumersDir, 'sd-notify-server.c');
  const key = hashOf([version.stdout, flags.stdout], [source]);
  const args = flags.stdout.trim().split(/\s+/).filter(Boolean);
  const binary = await cached('sd-notify-server', key, (out) => run(cc, ['-O1', '-Wall', '-o', out, source, ...args], { timeout: BUILD_TIMEOUT }));
  return { command: [binary] };
});

/** python-systemd's daemon.notify (test/fixtures/consumers/notify-server.py). */
export const pythonNotifyServer = memo(async (): Promise<Consumer> => {
  const python = await debianPython();
  if (!python) return missing('python3-systemd');
  return { command: [python, join(consumersDir, 'notify-server.py')] };
});

/** go-systemd's daemon.SdNotify (test/fixtures/consumers/go-notify). */
export const goNotifyServer = memo(async (): Promise<Consumer> => {
  const version = await run('go', ['version']);
  if (!version.ok) return missing('go (golang-go)');
  if (!existsSync(join(GOPATH, 'src/github.com/coreos/go-systemd/daemon'))) return missing('go-systemd (golang-github-coreos-go-systemd-dev)');
  const source = join(consumersDir, 'go-notify');
  const key = hashOf([version.stdout], listFiles(source));
  const env = { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: join(cacheDir, 'go-build') };
  const binary = await cached('go-notify', key, (out) => run('go', ['build', '-o', out, '.'], { cwd: source, env, timeout: BUILD_TIMEOUT }));
  return { command: [binary] };
});
