/**
 * The socket manager: listenfd's `ListenFd` (upstream src/manager.rs) with Node return values.
 *
 * Take semantics, as upstream: a position out of range or a socket already taken gives `null`;
 * otherwise the socket is validated for the asked kind; on success it is taken (never handed out
 * again in this process) and returned; on failure the error is thrown and the socket stays
 * takeable, so a later take with the right kind still works.
 */
import { ListenFdError } from './errors.js';
import { processState } from './registry.js';
import type { FdTarget, ListenTarget, SocketKind, SocketSelector } from './types.js';

/** One passed socket, as a platform backend presents it. */
export interface SocketSlot {
  /** The fd on POSIX (shared "taken" bookkeeping with the preload); null on Windows. */
  readonly fd: number | null;
  readonly name: string;
  /** Validates the socket as `kind` and returns the target; throws and changes nothing on failure. */
  adopt(kind: SocketKind): ListenTarget;
  /** The raw fd without validation (POSIX); throws ListenFdError where there is no fd. */
  raw(): number;
}

export class ListenFds {
  readonly #slots: (SocketSlot | null)[];
  readonly #names: readonly string[];

  /** @internal Use `listenFds()`, `ListenFds.fromEnv()` or `ListenFds.empty()`. */
  constructor(slots: readonly SocketSlot[]) {
    this.#slots = [...slots];
    this.#names = Object.freeze(slots.map((slot) => slot.name));
  }

  /** A manager without sockets (what a program started without systemfd gets). Never throws. */
  static empty(): ListenFds {
    return new ListenFds([]);
  }

  /** Number of sockets received. Like listenfd's `len()`, it does not shrink when sockets are taken. */
  get length(): number {
    return this.#slots.length;
  }

  /** LISTEN_FDNAMES entries by position (`unknown` where none was given). */
  get names(): readonly string[] {
    return this.#names;
  }

  /**
   * The position a selector designates: a number is returned as is when in range; a name gives
   * the first socket of that name not yet taken. Returns null when nothing matches. Never throws.
   */
  indexOf(selector: SocketSelector): number | null {
    if (typeof selector === 'number') {
      return Number.isInteger(selector) && selector >= 0 && selector < this.#slots.length ? selector : null;
    }
    const index = this.#names.findIndex((name, i) => name === selector && !this.#isTaken(i));
    return index < 0 ? null : index;
  }

  /** True when the selected socket exists and has not been taken (in this manager or this process). */
  isAvailable(selector: SocketSelector): boolean {
    const index = this.indexOf(selector);
    return index !== null && !this.#isTaken(index);
  }

  /**
   * Takes a listening TCP socket (IPv4 or IPv6). Returns null when the selector matches no
   * socket or the socket was already taken. Throws ListenFdError (`fd N is not a socket`,
   * `fd N is not a valid tcp socket`, `fd N is not a listening socket`) and leaves the socket
   * takeable when it is something else. On success the fd is marked close-on-exec, so the
   * server's own child processes do not inherit it, and it cannot be taken again.
   */
  takeTcpListener(selector: SocketSelector = 0): ListenTarget | null {
    return this.#take(selector, 'tcp');
  }

  /** Takes a listening unix stream socket; same null/throw/state rules as `takeTcpListener`. */
  takeUnixListener(selector: SocketSelector = 0): FdTarget | null {
    return this.#take(selector, 'unix') as FdTarget | null;
  }

  /**
   * Takes a UDP socket (IPv4 or IPv6); same null/throw/state rules as `takeTcpListener`. POSIX:
   * `{ fd }` for `dgram` `socket.bind(target)`. Windows: `{ handle }`, pass `target.handle` to
   * `socket.bind()` (the `bind()` helper does this for you).
   */
  takeUdpSocket(selector: SocketSelector = 0): ListenTarget | null {
    return this.#take(selector, 'udp');
  }

  /** Takes a unix datagram socket; same null/throw/state rules as `takeTcpListener`. */
  takeUnixDatagram(selector: SocketSelector = 0): FdTarget | null {
    return this.#take(selector, 'unix-datagram') as FdTarget | null;
  }

  /**
   * Takes the fd without any check and without marking it close-on-exec (listenfd's
   * `take_raw_fd`). Returns null when out of range or taken; throws ERR_LISTENFD_UNSUPPORTED on
   * Windows, where sockets are not fds.
   */
  takeRawFd(selector: SocketSelector = 0): number | null {
    const index = this.indexOf(selector);
    if (index === null || this.#isTaken(index)) return null;
    const slot = this.#slots[index] as SocketSlot;
    const fd = slot.raw();
    this.#markTaken(index);
    return fd;
  }

  #take(selector: SocketSelector, kind: SocketKind): ListenTarget | null {
    const index = this.indexOf(selector);
    if (index === null || this.#isTaken(index)) return null;
    const slot = this.#slots[index] as SocketSlot;
    const target = slot.adopt(kind); // throws with the slot untouched
    this.#markTaken(index);
    return target;
  }

  #isTaken(index: number): boolean {
    const slot = this.#slots[index];
    return !slot || (slot.fd !== null && processState().taken.has(slot.fd));
  }

  #markTaken(index: number): void {
    const slot = this.#slots[index];
    if (slot?.fd != null) processState().taken.add(slot.fd);
    this.#slots[index] = null;
  }
}

