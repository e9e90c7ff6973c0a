/**
 * The one warning given when the OS refuses a watch because a limit is reached: which limit it
 * was, its value, and how to raise it. The decision is a pure function of the facts; the facts
 * are read from /proc where there is one (elsewhere they are unknown and the text says less).
 *
 * - ENOSPC from inotify_add_watch: the per-user watch limit. Since Linux 5.11 it is counted per
 *   user namespace: inside a container `/proc/sys/user/max_inotify_watches` is the limit that
 *   applies, and `fs.inotify.max_user_watches` is the host's, which may be far higher. The lower
 *   of the two is named.
 * - EMFILE from fs.watch: libuv opens one inotify instance, on the first watch. inotify_init1
 *   fails with EMFILE both when the user has max_user_instances instances already and when this
 *   process is at its open file limit (`ulimit -n`). Counting our open fds against that limit
 *   tells the two apart.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A limit as the current user namespace and the host (initial namespace) see it. */
export interface ScopedLimit {
  userNamespace: number | null;
  host: number | null;
}

export interface LimitFacts {
  /** The error code the OS gave. */
  code: string;
  watches: ScopedLimit;
  instances: ScopedLimit;
  /** This process's open fds, and its soft RLIMIT_NOFILE. */
  openFds: number | null;
  fdLimit: number | null;
  /** Tests pretend a watch limit: it is what was hit, whatever the OS allows. */
  simulatedWatchLimit?: number;
}

export const LIMIT_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EMFILE', 'ENFILE']);

/** Fds that may have been closed between the failure and our count. */
const FD_SLACK = 8;

/**
 * `cannot watch PATH: <which limit, its value>; polling what cannot be watched every EVERY<; how to raise it>`.
 */
export function describeWatchLimit(facts: LimitFacts, { path, every }: { path: string; every: string }): string {
  const [what, hint] = explain(facts);
  return `cannot watch ${path}: ${what}; polling what cannot be watched every ${every}${hint ? `; ${hint}` : ''}`;
}

function explain(facts: LimitFacts): [string, string | null] {
  if (facts.code === 'ENOSPC') {
    if (facts.simulatedWatchLimit !== undefined) return [`the inotify watch limit is reached (simulated limit = ${facts.simulatedWatchLimit})`, null];
    const limit = pickLimit(facts.watches, 'user.max_inotify_watches', 'fs.inotify.max_user_watches');
    return [`the inotify watch limit is reached (${limit.text})`, raiseHint(limit, 524_288)];
  }
  if (facts.code === 'EMFILE') {
    const atFdLimit = facts.openFds === null || facts.fdLimit === null || facts.openFds + FD_SLACK >= facts.fdLimit;
    if (!atFdLimit) {
      const limit = pickLimit(facts.instances, 'user.max_inotify_instances', 'fs.inotify.max_user_instances');
      return [`the inotify instance limit is reached (${limit.text}; EMFILE, with ${facts.openFds} of ${facts.fdLimit} open files in use)`, raiseHint(limit, 1024)];
    }
    const value = facts.fdLimit === null ? '' : `; ulimit -n = ${facts.fdLimit}`;
    return [`too many open files (EMFILE${value})`, 'raise it with: ulimit -n 65536'];
  }
  if (facts.code === 'ENFILE') return ['the system-wide open file table is full (ENFILE; see fs.file-max)', null];
  return [`the OS refused the watch (${facts.code})`, null];
}

interface PickedLimit {
  sysctl: string;
  value: number | null;
  text: string;
  inNamespace: boolean;
}

/** The lower of the namespace's and the host's value: that is the one a process here runs into. */
function pickLimit(limit: ScopedLimit, nsName: string, hostName: string): PickedLimit {
  const { userNamespace: ns, host } = limit;
  if (ns !== null && (host === null || ns < host)) return { sysctl: nsName, value: ns, text: `${nsName} = ${ns}, this user namespace's limit`, inNamespace: true };
  return { sysctl: hostName, value: host, text: `${hostName} = ${host ?? '?'}`, inNamespace: false };
}

function raiseHint(limit: PickedLimit, suggested: number): string {
  const target = limit.value !== null && limit.value >= suggested ? limit.value * 2 : suggested;
  const where = limit.inNamespace ? ' (as the owner of the container or user namespace)' : '';
  return `raise it${where} with: sudo sysctl ${limit.sysctl}=${target}`;
}

/**
 * What to say about a refused watch. `limit: true` for the limits above (the caller warns once
 * and polls); anything else is an error about that one path, which is polled too.
 */
export function describeWatchFailure(err: unknown, { path, every, simulatedLimit }: { path: string; every: string; simulatedLimit: number | undefined }): { limit: boolean; message: string } {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (!LIMIT_CODES.has(code)) {
    const text = err instanceof Error ? err.message : String(err);
    return { limit: false, message: `cannot watch ${path}, polling it instead: ${text}` };
  }
  const facts = readLimitFacts(code);
  if ((err as { simulated?: boolean }).simulated && simulatedLimit !== undefined) facts.simulatedWatchLimit = simulatedLimit;
  return { limit: true, message: describeWatchLimit(facts, { path, every }) };
}

/** The facts, read now. Everything is null where /proc does not tell (not Linux, sandboxed). */
export function readLimitFacts(code: string): LimitFacts {
  return {
    code,
    watches: { userNamespace: readNumber('/proc/sys/user/max_inotify_watches'), host: readNumber('/proc/sys/fs/inotify/max_user_watches') },
    instances: { userNamespace: readNumber('/proc/sys/user/max_inotify_instances'), host: readNumber('/proc/sys/fs/inotify/max_user_instances') },
    openFds: countOpenFds(),
    fdLimit: readFdSoftLimit(),
  };
}

function readNumber(path: string): number | null {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function countOpenFds(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

function readFdSoftLimit(): number | null {
  try {
    const line = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    const value = Number(line?.[1]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
