/**
 * Keeps the sockets flowing through Node intermediaries (`npm run`, npx, tsx, nodemon...).
 *
 * Node marks inherited fds close-on-exec at startup (strace shows
 * `fcntl(3, F_SETFD, FD_CLOEXEC)` in every node process), so a node process between systemfd
 * and the server would silently drop them. Instead of clearing the flag with FFI (koffi costs
 * ~8 ms per process), each child this process spawns gets the fds again as extra stdio entries:
 * libuv dup2()s them into place in the child, which clears close-on-exec there. It also fixes
 * what clearing the flag cannot: fork()-style launchers put their IPC channel at fd 3, so the
 * sockets go after the last stdio entry and LISTEN_FDS_FIRST_FD says where (listenfd and this
 * library read it).
 *
 * Only children whose environment still carries our LISTEN_FDS get the fds (a launcher that
 * scrubs its children's env keeps them out). Once this process took a socket itself it is the
 * server: its own children get neither the fds nor the variables (listenfd's close-on-exec rule).
 *
 * And only children that can be the server (canBeServer): a process that holds the listening
 * socket keeps the port busy for as long as it lives, so a helper that got it and daemonised
 * would hold the port after systemfd stopped the tree. Left out are detached children (a new
 * session is how daemons start) and children whose output the parent captures with a pipe
 * (`exec`, `execSync`, `git rev-parse`: helpers whose result the parent reads), unless the child
 * is Node itself (fork-style launchers may pipe a Node server's output). The intermediaries
 * this exists for, `npm run`, npx, tsx and nodemon, start the server in the foreground with the
 * terminal's stdout. A launcher that pipes a shell's output (concurrently) does not pass the
 * sockets on; `--no-pid` with a server that reads LISTEN_FDS itself is the way there.
 */
import { ChildProcess } from 'node:child_process';
import { ENV } from '../protocol/env.js';
import { FD_ADDRS_VAR } from '../protocol/fd-addresses.js';

export interface SpawnOptionsLike {
  file?: string;
  detached?: boolean;
  envPairs?: string[];
  stdio?: unknown;
  [key: string]: unknown;
}

const SOCKET_VARS = [ENV.LISTEN_FDS, ENV.LISTEN_FDS_FIRST_FD, ENV.LISTEN_FDNAMES, ENV.LISTEN_PID, FD_ADDRS_VAR];

function findPair(pairs: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  return pairs.find((pair) => pair.startsWith(prefix))?.slice(prefix.length);
}

function withoutVars(pairs: readonly string[], names: readonly string[]): string[] {
  return pairs.filter((pair) => !names.some((name) => pair.startsWith(`${name}=`)));
}

/** Node's stdio normalisation (lib/internal/child_process.js `getValidStdio`), as an array. */
function stdioArray(stdio: unknown): unknown[] {
  if (typeof stdio === 'string') return [stdio, stdio, stdio];
  const array = Array.isArray(stdio) ? [...stdio] : ['pipe', 'pipe', 'pipe'];
  while (array.length < 3) array.push(undefined);
  return array;
}

const CAPTURED = new Set(['pipe', 'overlapped']);

/** True when the spawned program is Node (by path or by the name a launcher gives it). */
function isNode(file: string | undefined): boolean {
  if (file === undefined) return false;
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1).toLowerCase();
  return file === process.execPath || name === 'node' || name === 'node.exe';
}

/** Pure: whether a child with these spawn options may be handed the sockets (see the header). */
export function canBeServer(options: SpawnOptionsLike): boolean {
  if (options.detached === true) return false;
  const stdout = stdioArray(options.stdio)[1];
  return !(typeof stdout === 'string' && CAPTURED.has(stdout)) || isNode(options.file);
}

/**
 * Pure: the spawn options with our fds appended to stdio and LISTEN_FDS_FIRST_FD pointing at
 * them, or with the socket variables removed when `handOver` is false or the child cannot be the
 * server. Options whose env has no
 * LISTEN_FDS, or another count than ours, are returned unchanged.
 */
export function addInheritedFds(options: SpawnOptionsLike, fds: readonly number[], handOver: boolean): SpawnOptionsLike {
  const pairs = options.envPairs;
  if (!Array.isArray(pairs)) return options;
  const count = findPair(pairs, ENV.LISTEN_FDS);
  if (count === undefined || count !== String(fds.length)) return options;
  if (!handOver || !canBeServer(options)) return { ...options, envPairs: withoutVars(pairs, SOCKET_VARS) };
  const stdio = stdioArray(options.stdio);
  const firstFd = stdio.length;
  // The child's pid is not known before spawn, so LISTEN_PID cannot name it: drop it (consumers
  // accept a missing LISTEN_PID, as with `--no-pid`).
  const envPairs = [...withoutVars(pairs, [ENV.LISTEN_FDS_FIRST_FD, ENV.LISTEN_PID]), `${ENV.LISTEN_FDS_FIRST_FD}=${firstFd}`];
  return { ...options, stdio: [...stdio, ...fds], envPairs };
}

/** Installs the spawn hook; `handOver()` is asked at each spawn (false once a socket was taken). */
export function patchSpawn(fds: readonly number[], handOver: () => boolean): void {
  type SpawnFn = (this: ChildProcess, options: SpawnOptionsLike) => unknown;
  const proto = ChildProcess.prototype as unknown as { spawn: SpawnFn };
  const original = proto.spawn;
  const patched: SpawnFn = function (this: ChildProcess, options: SpawnOptionsLike) {
    const next = options !== null && typeof options === 'object' ? addInheritedFds(options, fds, handOver()) : options;
    return original.call(this, next);
  };
  Object.defineProperty(patched, 'name', { value: 'spawn' });
  proto.spawn = patched;
}
