/**
 * The starter `.systemfdrc` that `systemfd init` writes: a guess at the project's start command
 * and port from package.json, `.env` and the entry file. Deterministic: the same project always
 * gives the same file. Reads files, writes nothing.
 *
 * The entry must exist: `npm init -y` writes `"main": "index.js"` whatever the project has, so
 * a named file that is missing gives way to the first conventional entry that is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SCHEMA_REF = './node_modules/systemfd/.systemfdrc.schema.json';
export const DEFAULT_PORT = 3000;
const ENTRY_NAMES = ['server', 'app', 'index', 'main', 'src/server', 'src/app', 'src/index', 'src/main'];
const JS_ENTRIES = ENTRY_NAMES.flatMap((name) => [`${name}.js`, `${name}.mjs`, `${name}.cjs`]);
const TS_ENTRIES = ENTRY_NAMES.flatMap((name) => [`${name}.ts`, `${name}.mts`]);
/**
 * Programs that would sit between systemfd and the server: Node marks inherited fds
 * close-on-exec at start-up, so a Node intermediary without our preload drops the sockets, and
 * a watcher of its own would restart the server behind systemfd's back.
 */
const INTERMEDIARIES = new Set(['npm', 'npx', 'yarn', 'pnpm', 'bun', 'nodemon', 'systemfd', 'ts-node-dev', 'node-dev', 'supervisor', 'forever', 'pm2']);
/** Anything a shell would interpret: such a script cannot run as a plain argv. */
const SHELL_SYNTAX = /[|&;<>()$`*?[\]{}~'"\\]|\s-{2}watch\b/;

export interface PackageJson {
  main?: unknown;
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

export interface StarterRc {
  /** The file's content. */
  text: string;
  socket: string;
  command: string;
  /** Where the command came from, for the message: `package.json "start"`, ... */
  commandFrom: string;
  /** Where the port came from, or null for the default. */
  portFrom: string | null;
  packageJson: PackageJson | null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function readPackageJson(dir: string): PackageJson | null {
  const text = readText(join(dir, 'package.json'));
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as PackageJson) : null;
  } catch {
    return null;
  }
}

interface CommandGuess { command: string; env: Record<string, string>; entry: string | null; from: string }

/** `PORT=4000 NODE_ENV=dev node server.js` → env assignments + `node server.js`, or null. */
function simpleScript(script: string): { env: Record<string, string>; words: string[] } | null {
  if (SHELL_SYNTAX.test(script)) return null;
  const words = script.trim().split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(words[0] as string)) {
    const [key, ...value] = (words.shift() as string).split('=');
    env[key as string] = value.join('=');
  }
  if (words.length === 0 || INTERMEDIARIES.has(words[0] as string) || (words[0] === 'tsx' && words[1] === 'watch')) return null;
  return { env, words };
}

function hasDependency(pkg: PackageJson | null, name: string): boolean {
  return [pkg?.dependencies, pkg?.devDependencies].some((deps) => deps !== null && typeof deps === 'object' && name in deps);
}

/** How to run an entry file: TypeScript through tsx's loader, in the one Node process. */
function runEntry(entry: string): string {
  return /\.[cm]?ts$/.test(entry) ? `node --import tsx ${entry}` : `node ${entry}`;
}

/** The first conventional entry file that exists (TypeScript ones only when tsx is installed). */
function conventionalEntry(dir: string, pkg: PackageJson | null): string | null {
  const candidates = hasDependency(pkg, 'tsx') ? [...JS_ENTRIES, ...TS_ENTRIES] : JS_ENTRIES;
  return candidates.find((name) => existsSync(join(dir, name))) ?? null;
}

function fromStartScript(pkg: PackageJson | null): CommandGuess | null {
  const start = pkg?.scripts?.start;
  if (typeof start !== 'string') return null;
  const simple = simpleScript(start);
  if (!simple) return null;
  const entry = simple.words.slice(1).find((word) => /\.[cm]?[jt]s$/.test(word)) ?? null;
  return { command: simple.words.join(' '), env: simple.env, entry, from: 'package.json "start"' };
}

function fromMain(pkg: PackageJson | null): CommandGuess | null {
  if (typeof pkg?.main !== 'string' || pkg.main === '' || /\s/.test(pkg.main)) return null;
  return { command: runEntry(pkg.main), env: {}, entry: pkg.main, from: 'package.json "main"' };
}

function guessCommand(dir: string, pkg: PackageJson | null): CommandGuess {
  const named = fromStartScript(pkg) ?? fromMain(pkg);
  if (named && (named.entry === null || existsSync(join(dir, named.entry)))) return named;
  const found = conventionalEntry(dir, pkg);
  if (found) {
    const why = named ? `, as ${named.from} names ${named.entry}, which does not exist` : '';
    return { command: runEntry(found), env: {}, entry: found, from: `${found}${why}` };
  }
  // Nothing on disk: the named file may be build output; keep what the project says.
  return named ?? { command: 'node server.js', env: {}, entry: null, from: 'a guess: edit "command"' };
}

function validPort(text: string | undefined): number | null {
  const port = Number(text);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
}

function guessPort(dir: string, guess: CommandGuess): { port: number; from: string | null } {
  const fromScript = validPort(guess.env.PORT);
  if (fromScript !== null) return { port: fromScript, from: 'the start script' };
  const dotenv = readText(join(dir, '.env'));
  const fromDotenv = validPort(/^\s*(?:export\s+)?PORT\s*=\s*["']?(\d+)/m.exec(dotenv ?? '')?.[1]);
  if (fromDotenv !== null) return { port: fromDotenv, from: '.env' };
  const source = guess.entry === null ? null : readText(join(dir, guess.entry));
  if (source !== null) {
    const match = /\bPORT\s*(?:\|\||\?\?)\s*["']?(\d+)/.exec(source) ?? /\blisten\(\s*(?:\{\s*port\s*:\s*)?["']?(\d+)["']?\s*[,)}]/.exec(source) ?? /\bPORT\s*=\s*["']?(\d+)/.exec(source);
    const port = validPort(match?.[1]);
    if (port !== null) return { port, from: guess.entry };
  }
  return { port: DEFAULT_PORT, from: null };
}

export function makeStarterRc(dir: string): StarterRc {
  const packageJson = readPackageJson(dir);
  const guess = guessCommand(dir, packageJson);
  const { port, from: portFrom } = guessPort(dir, guess);
  const socket = `http::${port}`;
  const content: Record<string, unknown> = {
    $schema: SCHEMA_REF,
    sockets: [socket],
    command: guess.command,
    ...(Object.keys(guess.env).length > 0 ? { env: guess.env } : {}),
    watch: ['.'],
    ignore: [],
    debounce: '20ms',
    stopTimeout: '5s',
  };
  return { text: `${JSON.stringify(content, null, 2)}\n`, socket, command: guess.command, commandFrom: guess.from, portFrom, packageJson };
}
