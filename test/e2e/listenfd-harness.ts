/**
 * A minimal socket holder for the child-library tests (Linux, macOS): it creates sockets the way
 * systemfd does (socket/bind/listen, never accepting) and starts children with them at fds 3..
 * and LISTEN_* set, so the checks run against real passed fds. The e2e tests that go through the
 * real CLI use this only for states the CLI never produces (a non-listening socket, a file).
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { SpawnOptions } from 'node:child_process';
import { start, type Running } from '../helpers/process.js';
import { outDir } from '../helpers/paths.js';
import * as libc from '../../src/platform/posix/libc.js';
import { hostPlatform, posixConstants } from '../../src/platform/posix/libc.js';
import { decodeIpSockaddr, encodeSockaddrIn, encodeSockaddrUn } from '../../src/platform/posix/sockaddr.js';

export interface Held {
  fd: number;
  port: number;
  path?: string;
}

/** A socket on 127.0.0.1, port chosen by the kernel; `listening` false leaves a tcp one unlistened. */
export function holdInet(type: 'tcp' | 'udp', { listening = true } = {}): Held {
  const c = posixConstants();
  const fd = libc.socket(c.AF_INET, type === 'tcp' ? c.SOCK_STREAM : c.SOCK_DGRAM, 0);
  libc.bind(fd, encodeSockaddrIn(hostPlatform(), '127.0.0.1', 0));
  if (type === 'tcp' && listening) libc.listen(fd, 128);
  return { fd, port: decodeIpSockaddr(hostPlatform(), libc.getsockname(fd)).port };
}

/** A listening unix stream socket at `path`. */
export function holdUnix(path: string): Held {
  const c = posixConstants();
  const fd = libc.socket(c.AF_UNIX, c.SOCK_STREAM, 0);
  libc.bind(fd, encodeSockaddrUn(hostPlatform(), path));
  libc.listen(fd, 128);
  return { fd, port: 0, path };
}

export function release(held: Held): void {
  libc.close(held.fd);
}

export const PID_TRAMPOLINE = 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"';

/** Where a fixture finds the built library (fixtures are plain .mjs, not compiled). */
export const libraryUrl = pathToFileURL(join(outDir, 'src/listenfd/index.js')).href;
/** NODE_OPTIONS that load the preload, as systemfd sets it. */
export const preloadOption = `--require=${join(outDir, 'src/preload/register.cjs')}`;

export interface SpawnWithFdsOptions extends SpawnOptions {
  /** 'own': LISTEN_PID = the command's pid (exec trampoline); 'none': unset; a number: that value. */
  pid?: 'own' | 'none' | string;
  names?: string[];
  extraEnv?: NodeJS.ProcessEnv;
}

/** Starts `argv` with `fds` at 3.. and LISTEN_* for them, as systemfd does. */
export function startWithFds(argv: readonly string[], fds: readonly number[], options: SpawnWithFdsOptions = {}): Running {
  const { pid = 'own', names, extraEnv, ...spawnOptions } = options;
  const env: NodeJS.ProcessEnv = { ...process.env, LISTEN_FDS: String(fds.length), LISTEN_FDS_FIRST_FD: '3', SYSTEMFD_TEST_LIB: libraryUrl, ...extraEnv };
  delete env.LISTEN_PID;
  delete env.NODE_OPTIONS;
  if (names) env.LISTEN_FDNAMES = names.join(':');
  if (pid !== 'own' && pid !== 'none') env.LISTEN_PID = pid;
  if (extraEnv?.NODE_OPTIONS) env.NODE_OPTIONS = extraEnv.NODE_OPTIONS;
  const [file = '', ...args] = argv;
  const command = pid === 'own' ? ['/bin/sh', ['-c', PID_TRAMPOLINE, file, ...args]] as const : [file, args] as const;
  return start(command[0], command[1], { stdio: ['ignore', 'pipe', 'pipe', ...fds], env, ...spawnOptions });
}

/**
 * Stops a CLI the test started the way a user does (SIGTERM to its process group: systemfd
 * stops the command's tree, which lives in its own group), SIGKILL if it hangs. A bare SIGKILL
 * would orphan the command, which keeps the test's pipes open.
 */
export async function stopCli(run: Running): Promise<void> {
  run.kill('SIGTERM');
  const timer = setTimeout(() => run.kill('SIGKILL'), 15_000);
  await run.exited;
  clearTimeout(timer);
}
