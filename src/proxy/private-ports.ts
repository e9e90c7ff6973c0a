/**
 * Private loopback ports for generations, picked by the kernel (bind 127.0.0.1:0) and *held*
 * until the generation is spawned: the reserve keeps each set of ports listening in this
 * process, so nothing else can take them meanwhile, and `take()` closes them synchronously
 * (libuv closes the fd inside uv_close) right before the spawn, where the server binds them.
 * That keeps `prepare()` synchronous for the supervisor and the window in which another
 * process could grab a port down to the spawn itself; a server that then still fails with
 * EADDRINUSE is reported like any other crash.
 *
 * A bind that fails (EMFILE, say) fails that fill only: the next `take()` or `fill()` tries
 * again, so a passing shortage costs one start, not every start of the session.
 */
import { createServer, type Server } from 'node:net';
import { SocketError } from '../errors.js';

/** Sets kept ready: a restart takes one and the next is bound in the background. */
const RESERVE_SETS = 2;

export interface HeldSet {
  servers: Server[];
  ports: number[];
}

export interface PortReserveOptions {
  /** Binds and holds `count` ports (the kernel's loopback ports unless a test says otherwise). */
  hold?: (count: number) => Promise<HeldSet>;
}

export class PortReserve {
  readonly #count: number;
  readonly #hold: (count: number) => Promise<HeldSet>;
  #ready: HeldSet[] = [];
  #filling: Promise<void> | null = null;
  /** Why the last fill failed, for the error of a `take()` that finds nothing. */
  #lastFailure: unknown = null;
  #closed = false;

  constructor(portsPerSet: number, { hold = holdLoopbackPorts }: PortReserveOptions = {}) {
    this.#count = portsPerSet;
    this.#hold = hold;
  }

  /** Resolves when the reserve is full; rejects with the bind's error when a set cannot be held. */
  async fill(): Promise<void> {
    while (!this.#closed && this.#ready.length < RESERVE_SETS) {
      this.#filling ??= this.#hold(this.#count).then(
        (set) => {
          this.#filling = null;
          this.#lastFailure = null;
          if (this.#closed) releaseSet(set);
          else this.#ready.push(set);
        },
        (error: unknown) => {
          // Cleared on failure too: a fill left pending-and-rejected would be awaited (and fail)
          // by every later fill, and the reserve would never hold a port again.
          this.#filling = null;
          this.#lastFailure = error;
          throw error;
        },
      );
      await this.#filling;
    }
  }

  /** The ports the next `take()` returns (held until then), or null while none is ready. */
  get next(): readonly number[] | null {
    return this.#ready[0]?.ports ?? null;
  }

  /**
   * Ports for one generation, free from this moment on. Throws a SocketError (one line, with the
   * bind's error as its cause) when no set is held; a refill is under way either way.
   */
  take(): number[] {
    const set = this.#ready.shift();
    if (set) releaseSet(set);
    // A failure here is kept in #lastFailure for the next take() that finds nothing.
    void this.fill().catch(() => {});
    if (set) return set.ports;
    const cause = this.#lastFailure;
    const why = cause instanceof Error ? cause.message : 'none is bound yet';
    throw new SocketError(`no private loopback port for the proxy: ${why}`, cause === null ? {} : { cause });
  }

  close(): void {
    this.#closed = true;
    for (const set of this.#ready.splice(0)) releaseSet(set);
  }
}

function releaseSet(set: HeldSet): void {
  for (const server of set.servers) server.close();
}

/** Bind `count` kernel-picked ports on 127.0.0.1 and keep them listening (the default `hold`). */
export async function holdLoopbackPorts(count: number): Promise<HeldSet> {
  const set: HeldSet = { servers: [], ports: [] };
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      set.servers.push(server);
      set.ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
            const address = server.address();
            if (address === null || typeof address === 'string') reject(new Error('no port from the kernel'));
            else resolve(address.port);
          });
        }),
      );
      // Held, not served: a stray connection before the spawn is refused, not accepted.
      server.on('connection', (socket) => socket.destroy());
    }
    return set;
  } catch (error) {
    releaseSet(set);
    throw error;
  }
}
