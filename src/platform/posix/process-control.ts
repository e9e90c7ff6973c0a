/**
 * Process-level libc calls for the tree kill: becoming a child subreaper (Linux) and reaping a
 * reparented orphan by pid.
 *
 * A subreaper is where the kernel reparents orphaned descendants instead of pid 1: a daemon
 * that double-forks (fork, setsid, parent exits) under the command then stays a descendant of
 * systemfd, where the tree kill can still find it. libuv only waits for the pids it spawned, so
 * such an orphan stays a zombie after it is killed unless it is reaped by pid here.
 *
 * koffi is loaded on first use. Type assumptions: prctl is variadic
 * (`int prctl(int option, ...)`) and is declared so; its arguments are C `unsigned long`,
 * passed as 64-bit values on LP64. waitpid's status is an `int` out-parameter, passed as a
 * one-element array; pid_t is a 32-bit int on Linux and macOS.
 */
import { createRequire } from 'node:module';

type Koffi = typeof import('koffi');
type KoffiFunction = ReturnType<ReturnType<Koffi['load']>['func']>;

/** linux/prctl.h: PR_SET_CHILD_SUBREAPER (36), not on other systems. */
const PR_SET_CHILD_SUBREAPER = 36;
/** sys/wait.h: WNOHANG is 1 on Linux and macOS. */
const WNOHANG = 1;

interface ProcessLibc {
  prctl: KoffiFunction | null;
  waitpid: KoffiFunction;
}

let loaded: ProcessLibc | null = null;

/** The library is found by trying, not by asking for the platform: glibc's soname, then macOS. */
function openLibc(koffi: Koffi): ReturnType<Koffi['load']> {
  try {
    return koffi.load('libc.so.6');
  } catch {
    return koffi.load('/usr/lib/libSystem.B.dylib');
  }
}

function load(): ProcessLibc {
  if (loaded) return loaded;
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  const lib = openLibc(koffi);
  let prctl: KoffiFunction | null = null;
  try {
    prctl = lib.func('int prctl(int option, ...)');
  } catch {
    // macOS has no prctl.
  }
  loaded = { prctl, waitpid: lib.func('int waitpid(int pid, _Out_ int *status, int options)') };
  return loaded;
}

/**
 * Make this process the subreaper of its descendants (Linux only). Returns false where the call
 * does not exist or failed (koffi missing, an old kernel): the tree kill then still finds
 * escaped processes by their generation tag, only no longer as our descendants.
 */
export function becomeChildSubreaper(): boolean {
  try {
    const { prctl } = load();
    if (!prctl) return false;
    return (prctl(PR_SET_CHILD_SUBREAPER, 'unsigned long', 1) as number) === 0;
  } catch {
    return false;
  }
}

/**
 * waitpid(pid, WNOHANG) for a process that is our child but not one libuv spawned (an orphan
 * reparented to us). True when it was reaped. Never call it for a pid libuv waits for: its exit
 * event would be lost.
 */
export function reapChild(pid: number): boolean {
  try {
    return (load().waitpid(pid, [0], WNOHANG) as number) === pid;
  } catch {
    return false;
  }
}
