/**
 * mkfifo(3), which Node does not expose. A FIFO lets any process that knows the path write a
 * short message synchronously (a write of at most PIPE_BUF bytes is atomic), which a process
 * about to crash can still do; a socket connection could not finish first.
 *
 * Type assumptions: mode_t is 32-bit on Linux and 16-bit on macOS; it is passed as an `int`
 * argument (a register on every target), which carries both.
 */
import { createRequire } from 'node:module';
import { posixConstants, strerror } from './libc.js';
import { createSystemError } from '../system-error.js';

type Koffi = typeof import('koffi');

let bound: { koffi: Koffi; mkfifo: (path: string, mode: number) => number } | null = null;

export function mkfifo(path: string, mode = 0o600): void {
  if (!bound) {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
    const lib = koffi.load(posixConstants().platform === 'darwin' ? '/usr/lib/libSystem.B.dylib' : 'libc.so.6');
    bound = { koffi, mkfifo: lib.func('int mkfifo(const char *path, int mode)') as never };
  }
  if (bound.mkfifo(path, mode) === -1) {
    const errno = bound.koffi.errno();
    throw createSystemError(errno, 'mkfifo', strerror(errno), { path });
  }
}
