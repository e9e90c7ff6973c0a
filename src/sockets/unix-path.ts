/**
 * Unix socket file safety. Upstream deletes whatever is at the path before bind() (a regular
 * file is silently destroyed, a live server loses its socket). We only ever remove:
 *  - before bind: a socket nobody answers on (connect gives ECONNREFUSED: stale). Where the
 *    kernel lists listening sockets (unix-listeners.ts), a listed one is known to be live
 *    without connecting to it, so another process's server never sees our probe;
 *  - at exit: the socket file we created, and only if the path still is that same file
 *    (same dev/ino/ctime), so a file someone put there since is left alone.
 * Anything else (regular file, directory, symlink, fifo, a live socket) is never touched: the
 * user gets a clear error instead.
 */
import { lstatSync, unlinkSync, type BigIntStats } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { SocketError } from '../errors.js';
import { unixListenerState } from './unix-listeners.js';
import { errnoFromName, createSystemError } from '../platform/system-error.js';

/** How long a connect probe may take before we assume someone is there (busy backlog). */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Which file we created. dev/ino alone is not enough: file systems hand a freed inode number
 * straight to the next new file (seen on tmpfs/overlayfs), so a socket someone re-created at
 * the path after deleting ours can have our old ino. Its change time (ns) differs unless both
 * were made within one clock tick; nothing we do changes our file's ctime after bind().
 */
export interface SocketFileIdentity {
  /** Absolute path, so a later chdir cannot make us unlink something else. */
  path: string;
  dev: bigint;
  ino: bigint;
  ctimeNs: bigint;
}

export interface PrepareUnixPathOptions {
  /** Longest path in bytes that fits sun_path with its NUL (107 Linux, 103 macOS). */
  maxPathBytes: number;
  /** strerror() text for ENAMETOOLONG ("File name too long"); libuv's text when omitted. */
  nameTooLongText?: string;
}

function lstatOrNull(path: string): BigIntStats | null {
  try {
    return lstatSync(path, { bigint: true });
  } catch {
    // ENOENT: nothing there. ENOTDIR/EACCES/...: bind() will fail and report it with the path.
    return null;
  }
}

/** ENAMETOOLONG as upstream systemfd reports it, naming the path (the text users search for). */
export function checkUnixPathLength(path: string, options: PrepareUnixPathOptions): void {
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes <= options.maxPathBytes) return;
  const errno = errnoFromName('ENAMETOOLONG') ?? 36;
  const text = `${options.nameTooLongText ?? 'File name too long'} (${bytes} bytes; unix socket paths can have at most ${options.maxPathBytes})`;
  throw createSystemError(errno, 'bind', text, { path });
}

type ProbeResult = 'listening' | 'stale' | 'gone' | { error: NodeJS.ErrnoException };

/** Connects once to the socket at `path` to learn whether a server still owns it. */
function probeSocket(path: string): Promise<ProbeResult> {
  return new Promise((settle) => {
    const client = connect({ path });
    const done = (result: ProbeResult) => {
      clearTimeout(timer);
      client.removeAllListeners();
      client.on('error', () => {}); // late errors after destroy() must not become uncaught
      client.destroy();
      settle(result);
    };
    // A server whose backlog is full never completes the connect: it is still somebody's.
    const timer = setTimeout(() => done('listening'), PROBE_TIMEOUT_MS);
    client.once('connect', () => done('listening'));
    client.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done('stale');
      else if (error.code === 'ENOENT') done('gone'); // removed while we looked: free
      else if (error.code === 'EAGAIN') done('listening'); // Linux: listening, backlog full
      else done({ error });
    });
  });
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Makes `path` ready for bind(), or throws:
 *  - a SystemError (ENAMETOOLONG) when the path does not fit sun_path;
 *  - a SocketError `unix socket <path> is in use by another process` for a live socket;
 *  - a SocketError `refusing to replace <path>: it is not a socket` for anything else.
 * A stale socket is unlinked. A missing path (or missing directory) is left for bind() to
 * report with its own errno.
 */
export async function prepareUnixSocketPath(path: string, options: PrepareUnixPathOptions): Promise<void> {
  checkUnixPathLength(path, options);
  const before = lstatOrNull(path);
  if (!before) return;
  if (!before.isSocket()) throw new SocketError(`refusing to replace ${path}: it is not a socket`);
  const probe = unixListenerState(path) === 'listening' ? 'listening' : await probeSocket(path);
  if (probe === 'gone') return;
  if (probe === 'listening') throw new SocketError(`unix socket ${path} is in use by another process`);
  if (probe !== 'stale') {
    throw new SocketError(`cannot tell whether unix socket ${path} is in use: ${probe.error.code ?? probe.error.message}`, { cause: probe.error });
  }
  // Only unlink the very socket we probed: if the path changed meanwhile, look again from scratch.
  const now = lstatOrNull(path);
  if (!now) return;
  if (!now.isSocket() || !sameFile(before, now)) return prepareUnixSocketPath(path, options);
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new SocketError(`cannot remove stale unix socket ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Remembers the socket file bind() just created (null if it is somehow not there). */
export function identifySocketFile(path: string): SocketFileIdentity | null {
  const stats = lstatOrNull(path);
  if (!stats?.isSocket()) return null;
  return { path: resolve(path), dev: stats.dev, ino: stats.ino, ctimeNs: stats.ctimeNs };
}

/**
 * Unlinks the socket file we created if the path still is that file. Returns whether it did.
 * Best effort: never throws (it runs on exit paths).
 */
export function removeSocketFileIfOurs(identity: SocketFileIdentity): boolean {
  const stats = lstatOrNull(identity.path);
  if (!stats?.isSocket() || stats.dev !== identity.dev || stats.ino !== identity.ino || stats.ctimeNs !== identity.ctimeNs) {
    return false;
  }
  try {
    unlinkSync(identity.path);
    return true;
  } catch {
    return false;
  }
}
