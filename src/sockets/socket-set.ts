/**
 * Theory of operation: the launcher opens every socket once, before the first child, and keeps
 * them until it exits. Each child generation only reads `childFds()` and `childEnv()`, after
 * `prepareForChild()` put the sockets back into the state a fresh child expects (a previous
 * child may have changed the shared file description, e.g. set O_NONBLOCK).
 * Nothing here ever accepts or reads: the parent only holds the sockets, so connections that
 * arrive while no child runs wait in the kernel backlog.
 *
 * This file is the one platform selection point for sockets: the FFI of the other platform
 * never loads.
 */
import type { IpSocketAddress } from './address.js';
import type { SocketSpec } from './spec.js';
import type { EnvPatch } from '../protocol/env.js';

export interface SocketOptions {
  /** listen() backlog for stream sockets. */
  backlog: number;
  /** SO_REUSEADDR (on unless --no-reuse). */
  reuseAddr: boolean;
  /** SO_REUSEPORT on IP sockets (off unless --reuse-port: a second systemfd on a busy port must fail, not share it). */
  reusePort: boolean;
}

export interface BoundSocket {
  spec: SocketSpec;
  /** The info-line description, e.g. `http://127.0.0.1:5000/`. */
  description: string;
  /** fd on POSIX, SOCKET handle value on Windows: what the info line shows after `fd #`. */
  handle: number | bigint;
  /** Address from getsockname() (null for unix sockets). */
  bound: IpSocketAddress | null;
}

export interface SocketSet {
  readonly sockets: readonly BoundSocket[];
  /** Info-line fd numbers as the child will see them (3, 4, ... on POSIX). */
  childHandleLabel(index: number): string;
  /** Extra stdio entries for spawn, placed at child fds 3.. (empty on Windows). */
  childFds(): number[];
  /**
   * Environment changes for a child. `withPid` asks for LISTEN_PID support (POSIX: the caller
   * runs the exec trampoline; Windows: ignored).
   */
  childEnv(options: { withPid: boolean }): EnvPatch;
  /** Restore the hand-off state before each spawn (e.g. clear O_NONBLOCK). */
  prepareForChild(): void;
  /** Close every socket and remove the unix socket files we created. Idempotent. */
  close(): Promise<void>;
  /** Synchronous best-effort variant for `process.on('exit')`. */
  closeSync(): void;
}

export async function openSocketSet(specs: readonly SocketSpec[], options: SocketOptions): Promise<SocketSet> {
  if (process.platform === 'win32') {
    const { openWin32SocketSet } = await import('./win32.js');
    return openWin32SocketSet(specs, options);
  }
  if (process.platform === 'linux' || process.platform === 'darwin') {
    const { openPosixSocketSet } = await import('./posix.js');
    return openPosixSocketSet(specs, options);
  }
  const { openUnsupportedSocketSet } = await import('./unsupported.js');
  return openUnsupportedSocketSet(specs, options, process.platform);
}
