/**
 * Whether a unix socket path has a listening server, asked without connecting to it. A connect
 * probe is a real connection: the server accepts it and sees an immediate hang-up, and a
 * fragile server has crashed from exactly that. Linux lists every listening unix socket of the
 * network namespace in /proc/net/unix, with the path it was bound to. Where that file does not
 * exist (macOS), the caller keeps the connect probe.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** __SO_ACCEPTCON in the Flags column: the socket is listening. */
const ACCEPTING = 0x10000;

export interface UnixListeners {
  /** Absolute paths of listening sockets. */
  absolute: Set<string>;
  /** Paths bound relative to a server's own directory: not comparable with ours. */
  relative: Set<string>;
}

/** Pure: the listening sockets in the text of /proc/net/unix. */
export function parseProcNetUnix(text: string): UnixListeners {
  const absolute = new Set<string>();
  const relative = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path; the path itself may contain spaces.
    const match = /^\s*\S+:\s+\S+\s+\S+\s+([0-9A-Fa-f]+)\s+\S+\s+\S+\s+\d+ (.+)$/.exec(line);
    if (!match) continue;
    const [, flags = '0', path = ''] = match;
    if ((parseInt(flags, 16) & ACCEPTING) === 0 || path.startsWith('@')) continue;
    (isAbsolute(path) ? absolute : relative).add(path);
  }
  return { absolute, relative };
}

/**
 * 'listening' when a server in this network namespace listens at `path`; 'not-listed' when none
 * does; null when it cannot be told without connecting (no /proc/net/unix, or a server bound a
 * relative path with the same file name). 'not-listed' is no proof that the socket is stale: a
 * server in another namespace (a container sharing the directory) is not listed here, so the
 * caller still confirms with a connect, which then reaches no server of ours.
 */
export function unixListenerState(path: string, read: () => string = () => readFileSync('/proc/net/unix', 'utf8')): 'listening' | 'not-listed' | null {
  let listeners: UnixListeners;
  try {
    listeners = parseProcNetUnix(read());
  } catch {
    return null;
  }
  const full = resolve(path);
  if (listeners.absolute.has(full)) return 'listening';
  const name = full.slice(full.lastIndexOf('/') + 1);
  for (const other of listeners.relative) if (other === name || other.endsWith(`/${name}`)) return null;
  return 'not-listed';
}
