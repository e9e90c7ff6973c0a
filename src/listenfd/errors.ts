/**
 * The one error class of the child library. It does not extend the CLI's SystemfdError on
 * purpose: the library must stay importable without anything of the CLI, so it can
 * become its own package like the listenfd crate.
 */

export type ListenFdErrorCode =
  /** The fd is closed or is not a socket (fstat says so). */
  | 'ERR_LISTENFD_NOT_A_SOCKET'
  /** A socket, but of another type or family than the take asked for. */
  | 'ERR_LISTENFD_WRONG_TYPE'
  /** A stream socket of the right family that is not listening (SO_ACCEPTCONN is 0). */
  | 'ERR_LISTENFD_NOT_LISTENING'
  /** The fd could not be inspected or marked close-on-exec (the cause is the system error). */
  | 'ERR_LISTENFD_SYSTEM'
  /** The socket kind cannot be handed over on this platform (e.g. unix sockets on Windows). */
  | 'ERR_LISTENFD_UNSUPPORTED'
  /** `listen()`/`bind()` found no inherited socket and no fallback was given. */
  | 'ERR_LISTENFD_NO_SOCKET';

export class ListenFdError extends Error {
  readonly code: ListenFdErrorCode;
  /** The fd concerned, when there is one. */
  readonly fd: number | undefined;

  constructor(code: ListenFdErrorCode, message: string, options: { fd?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fd = options.fd;
    Object.defineProperty(this, 'name', { value: 'ListenFdError', enumerable: false });
  }
}
