/**
 * errno → a Node-style SystemError, shaped like the errors `net` and `fs` throw (`code`,
 * `errno`, `syscall`, `address`/`port`/`path`) so callers and users handle both alike.
 *
 * The message follows upstream systemfd (nix's Display): `<CODE>: <strerror text>`, e.g.
 * `EADDRINUSE: Address already in use` — the text users search for when something fails.
 * Pure: the strerror text is passed in by the caller (libc.ts asks libc for it).
 */
import { constants as osConstants } from 'node:os';
import { getSystemErrorMap, getSystemErrorName } from 'node:util';

/** Node-style system error as thrown by `fs` and `net`: code, errno, syscall, address/port/path. */
export interface SystemErrorFields {
  code: string;
  errno: number;
  syscall: string;
  address?: string;
  port?: number;
  path?: string;
}

export type SystemError = Error & SystemErrorFields;

export function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as Partial<SystemError>).code === 'string' &&
    typeof (error as Partial<SystemError>).syscall === 'string';
}

export interface SystemErrorDetails {
  address?: string;
  port?: number;
  path?: string;
}

/** `EADDRINUSE` for the host's errno 98 (Linux) / 48 (macOS); `Unknown system error N` else. */
export function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-Math.abs(errno));
  } catch {
    return `E${errno}`;
  }
}

/** The host's errno number for a code such as `ENAMETOOLONG` (undefined if unknown). */
export function errnoFromName(code: string): number | undefined {
  return (osConstants.errno as Record<string, number | undefined>)[code];
}

/** libuv's short text (`address already in use`), capitalised; fallback when no strerror. */
function libuvDescription(errno: number): string {
  const text = getSystemErrorMap().get(-Math.abs(errno))?.[1] ?? `unknown error ${errno}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Builds the error for a failed call. `errno` is the positive C errno; the error's `errno`
 * property is negative, as in Node's own system errors (`err.errno === -98`).
 */
export function createSystemError(
  errno: number,
  syscall: string,
  description: string | undefined,
  details: SystemErrorDetails = {},
): SystemError {
  const code = errnoName(errno);
  const error = new Error(`${code}: ${description ?? libuvDescription(errno)}`) as SystemError;
  error.code = code;
  error.errno = -Math.abs(errno);
  error.syscall = syscall;
  if (details.address !== undefined) error.address = details.address;
  if (details.port !== undefined) error.port = details.port;
  if (details.path !== undefined) error.path = details.path;
  Object.defineProperty(error, 'name', { value: 'SystemError', enumerable: false });
  return error;
}
