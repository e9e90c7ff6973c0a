/**
 * Keeps the sockets flowing through Node intermediaries (`npm run`, npx, tsx, nodemon...).
 *
 * Node marks inherited fds close-on-exec at startup (SPEC E; strace shows
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
 */
import { ChildProcess } from 'node:child_process';
import { ENV } from '../protocol/env.js';
import { FD_ADDRS_VAR } from '../protocol/fd-addresses.js';

export interface SpawnOptionsLike {
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

/**
 * Pure: the spawn options with our fds appended to stdio and LISTEN_FDS_FIRST_FD pointing at
 * them, or with the socket variables removed when `handOver` is false. Options whose env has no
 * LISTEN_FDS, or another count than ours, are returned unchanged.
 */
export function addInheritedFds(options: SpawnOptionsLike, fds: readonly number[], handOver: boolean): SpawnOptionsLike {
  const pairs = options.envPairs;
  if (!Array.isArray(pairs)) return options;
  const count = findPair(pairs, ENV.LISTEN_FDS);
  if (count === undefined || count !== String(fds.length)) return options;
  if (!handOver) return { ...options, envPairs: withoutVars(pairs, SOCKET_VARS) };
  const stdio = stdioArray(options.stdio);
  const firstFd = stdio.length;
  // The child's pid is not known before spawn, so LISTEN_PID cannot name it: drop it (accepted
  // when absent, SPEC A "--no-pid").
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
