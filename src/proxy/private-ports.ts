/**
 * Private loopback ports for generations, picked by the kernel (bind 127.0.0.1:0) and *held*
 * until the generation is spawned: the reserve keeps each set of ports listening in this
 * process, so nothing else can take them meanwhile, and `take()` closes them synchronously
 * (libuv closes the fd inside uv_close) right before the spawn, where the server binds them.
 * That keeps `prepare()` synchronous for the supervisor and the window in which another
 * process could grab a port down to the spawn itself; a server that then still fails with
 * EADDRINUSE is reported like any other crash.
 */
import { createServer, type Server } from 'node:net';

/** Sets kept ready: a restart takes one and the next is bound in the background. */
const RESERVE_SETS = 2;

interface HeldSet {
  servers: Server[];
  ports: number[];
}

export class PortReserve {
  readonly #count: number;
  #ready: HeldSet[] = [];
  #filling: Promise<void> | null = null;
  #closed = false;

  constructor(portsPerSet: number) {
    this.#count = portsPerSet;
  }

  /** Resolves when at least one set is ready (call once before the first `take()`). */
  async fill(): Promise<void> {
    while (!this.#closed && this.#ready.length < RESERVE_SETS) {
      this.#filling ??= holdPorts(this.#count).then((set) => {
        this.#filling = null;
        if (this.#closed) releaseSet(set);
        else this.#ready.push(set);
      });
      await this.#filling;
    }
  }

  /** The ports the next `take()` returns (held until then), or null while none is ready. */
  get next(): readonly number[] | null {
    return this.#ready[0]?.ports ?? null;
  }

  /** Ports for one generation, free from this moment on. Throws when the reserve is empty. */
  take(): number[] {
    const set = this.#ready.shift();
    if (!set) throw new Error('no private ports reserved yet');
    releaseSet(set);
    void this.fill().catch(() => {});
    return set.ports;
  }

  close(): void {
    this.#closed = true;
    for (const set of this.#ready.splice(0)) releaseSet(set);
  }
}

function releaseSet(set: HeldSet): void {
  for (const server of set.servers) server.close();
}

async function holdPorts(count: number): Promise<HeldSet> {
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
