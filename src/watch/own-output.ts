/**
 * The files systemfd's own stdout and stderr end up in, so the watcher never treats them as
 * changes: `systemfd watch ... > dev.log 2>&1` inside the project would otherwise restart on
 * every line written (each restart line is another write, so it never stops).
 *
 * - A redirect to a file: fstat of fd 1 and 2 gives the file's identity (device + inode), on
 *   every platform, whatever the file is called.
 * - A pipe to `tee dev.log`: the pipe's other end is found through /proc where there is one: the
 *   processes of our process group (a shell pipeline is one job) that hold the same pipe, and the
 *   regular files they have open for writing. Without /proc this part finds nothing; the default
 *   ignore of `*.log` and the loop detector cover it.
 * Read once, when the watcher starts (the tee of a pipeline has long opened its file by then).
 */
import { fstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

export interface FileIdentity {
  dev: number;
  ino: number;
}

export interface OwnOutput {
  /** Is this stat result one of the files our output goes to? */
  has(st: FileIdentity): boolean;
  /** Their paths where known (for backends that decide by path). */
  readonly paths: readonly string[];
}

export function createOwnOutput(files: readonly (FileIdentity & { path?: string })[]): OwnOutput {
  const keys = new Set(files.map((f) => `${f.dev}:${f.ino}`));
  const paths = files.flatMap((f) => (f.path === undefined ? [] : [f.path]));
  return { has: (st) => keys.has(`${st.dev}:${st.ino}`), paths };
}

export const NO_OWN_OUTPUT: OwnOutput = createOwnOutput([]);

/** Where this process's stdout and stderr go (regular files only). */
export function findOwnOutput(fds: readonly number[] = [1, 2]): OwnOutput {
  const found: (FileIdentity & { path?: string })[] = [];
  const pipes = new Set<string>();
  for (const fd of fds) {
    let st;
    try {
      st = fstatSync(fd);
    } catch {
      continue; // closed
    }
    const link = readLink(`/proc/self/fd/${fd}`);
    if (st.isFile()) found.push({ dev: st.dev, ino: st.ino, ...(link?.startsWith('/') ? { path: link } : {}) });
    else if (st.isFIFO() && link?.startsWith('pipe:')) pipes.add(link);
  }
  if (pipes.size > 0) found.push(...filesBehindPipes(pipes));
  return createOwnOutput(found);
}

/** Regular files open for writing in the processes of our group that read one of `pipes`. */
function filesBehindPipes(pipes: Set<string>): (FileIdentity & { path: string })[] {
  const group = processGroup('self');
  if (group === null) return [];
  const found: (FileIdentity & { path: string })[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return [];
  }
  for (const pid of pids) {
    if (processGroup(pid) !== group) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    if (!fds.some((fd) => pipes.has(readLink(`/proc/${pid}/fd/${fd}`) ?? ''))) continue;
    for (const fd of fds) {
      const path = readLink(`/proc/${pid}/fd/${fd}`);
      if (!path?.startsWith('/') || !openForWriting(pid, fd)) continue;
      try {
        const st = statSync(`/proc/${pid}/fd/${fd}`);
        if (st.isFile()) found.push({ dev: st.dev, ino: st.ino, path });
      } catch {
        // closed meanwhile
      }
    }
  }
  return found;
}

function processGroup(pid: string): string | null {
  try {
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2] ?? null;
  } catch {
    return null;
  }
}

function openForWriting(pid: string, fd: string): boolean {
  try {
    const flags = /^flags:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
    // O_ACCMODE is 3; O_RDONLY is 0.
    return flags !== undefined && (parseInt(flags, 8) & 3) !== 0;
  } catch {
    return false;
  }
}

function readLink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
