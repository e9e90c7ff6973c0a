/**
 * Typed errors. Users get a one-line message; bugs get a stack.
 *
 * Every error we expect a user to cause derives from SystemfdError: it carries a stable `code`
 * and the process exit status to use. Anything else reaching the top level is an internal error
 * and is printed with its stack.
 */

export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'SOCKET_SPEC'
  | 'SOCKET'
  | 'SPAWN'
  | 'UNSUPPORTED'
  | 'LISTENFD';

export class SystemfdError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? 1;
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false });
  }
}

/** Bad command line: exit 2, like clap and every other CLI. */
export class UsageError extends SystemfdError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('USAGE', message, { ...options, exitCode: 2 });
  }
}

/** A bad `.systemfdrc` (unreadable, invalid JSON, schema violation). */
export class ConfigError extends SystemfdError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('CONFIG', message, { ...options, exitCode: 2 });
  }
}

/** A socket spec that does not parse. Messages keep upstream's wording (what users search for). */
export class SocketSpecError extends SystemfdError {
  constructor(message: string) {
    super('SOCKET_SPEC', message, { exitCode: 2 });
  }
}

/** Creating, binding or listening on a socket failed (the cause is a Node-style SystemError). */
export class SocketError extends SystemfdError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('SOCKET', message, options);
  }
}

/** The command could not be started (not found, not executable). Exit 127 like a shell. */
export class SpawnError extends SystemfdError {
  constructor(message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super('SPAWN', message, { exitCode: 127, ...options });
  }
}

/** A feature this platform cannot provide (unix sockets on Windows, sockets on AIX, ...). */
export class UnsupportedError extends SystemfdError {
  constructor(message: string) {
    super('UNSUPPORTED', message);
  }
}

export { isSystemError, type SystemError, type SystemErrorFields } from './platform/system-error.js';
