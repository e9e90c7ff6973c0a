/**
 * The proxied hand-off: how a generation receives clients when it cannot take an inherited
 * socket. The session keeps the public sockets in the router; each generation gets fresh private
 * loopback ports in its environment, binds them itself, and is sent clients once its first port
 * accepts a connection.
 *
 * The lifecycle, per generation id (the supervisor drives it):
 *   prepare(id)            → synchronous: env for the spawn (PORT, SYSTEMFD_PORTS; no LISTEN_*, no fds)
 *   readiness(id, signal)  → resolves when the private port accepts (the TCP probe)
 *   activate(id)           → the switch: new and held clients go to this generation
 *   retire(id, timeout)    → no new clients; resolves when its connections finished
 *   exited(id)             → the process is gone; forget it
 */
import { UsageError } from '../errors.js';
import { encodeListenEnv, type EnvPatch } from '../protocol/env.js';
import type { BoundSocket } from '../sockets/socket-set.js';
import { PortReserve } from './private-ports.js';
import { waitUntilAccepting } from './probe.js';
import { ProxyRouter, type DrainResult, type PublicListener } from './router.js';

/** The variable holding all private ports, in socket order, comma-separated. */
export const PORTS_VAR = 'SYSTEMFD_PORTS';
export const PORT_VAR = 'PORT';

export interface PreparedGeneration {
  envPatch: EnvPatch;
  /** Extra fds at 3.. for the spawn: none, the server binds its own port. */
  fds: number[];
  ports: number[];
}

export interface ProxyRoute {
  /** The public address as shown to users, e.g. `127.0.0.1:3000` or `./app.sock`. */
  from: string;
  to: string;
}

export class ProxyHandOff {
  readonly router: ProxyRouter;
  readonly #sockets: readonly BoundSocket[];
  readonly #ports = new Map<number, number[]>();
  readonly #probes = new Map<number, AbortController>();
  readonly #reserve: PortReserve;

  constructor(sockets: readonly BoundSocket[], listeners: readonly PublicListener[], { holdTimeoutMs }: { holdTimeoutMs?: number } = {}) {
    this.#sockets = sockets;
    this.#reserve = new PortReserve(sockets.length);
    this.router = new ProxyRouter({ listeners, ...(holdTimeoutMs !== undefined ? { holdTimeoutMs } : {}) });
  }

  /** Bind the first private ports ahead (before the first `prepare()`). */
  reserve(): Promise<void> {
    return this.#reserve.fill();
  }

  prepare(generation: number): PreparedGeneration {
    const ports = this.#reserve.take();
    this.#ports.set(generation, ports);
    this.router.add(generation, { ports });
    const envPatch: EnvPatch = {
      // The server must not see sockets it would try (and fail) to adopt, nor an inherited set.
      ...encodeListenEnv([], { withPid: false }),
      [PORT_VAR]: String(ports[0] ?? ''),
      [PORTS_VAR]: ports.join(','),
    };
    return { envPatch, fds: [], ports };
  }

  /** Public → private addresses of a prepared generation, for the `~>` line. */
  routes(generation: number): ProxyRoute[] {
    const ports = this.#ports.get(generation) ?? [];
    return this.#sockets.map((socket, index) => ({ from: publicAddress(socket), to: `127.0.0.1:${ports[index]}` }));
  }

  /**
   * Resolves 'probe' once the generation's first private port accepts a TCP connection, null if
   * the generation exited or was retired first (or `signal` aborted).
   */
  async readiness(generation: number, signal?: AbortSignal): Promise<'probe' | null> {
    const port = this.#ports.get(generation)?.[0];
    if (port === undefined) return null;
    const controller = new AbortController();
    this.#probes.set(generation, controller);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const host = await waitUntilAccepting(port, { signal: controller.signal });
      if (host === null) return null;
      this.router.setHost(generation, host);
      return 'probe';
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.#probes.get(generation) === controller) this.#probes.delete(generation);
    }
  }

  /** False when the generation was retired or exited before it could be made current. */
  activate(generation: number): boolean {
    return this.router.activate(generation);
  }

  retire(generation: number, { timeoutMs }: { timeoutMs: number }): Promise<DrainResult> {
    this.#probes.get(generation)?.abort();
    return this.router.retire(generation, { timeoutMs });
  }

  exited(generation: number): void {
    this.#probes.get(generation)?.abort();
    this.router.remove(generation);
    this.#ports.delete(generation);
  }

  close(): void {
    this.#reserve.close();
    for (const probe of this.#probes.values()) probe.abort();
    this.router.close();
  }
}

function publicAddress(socket: BoundSocket): string {
  if (socket.bound === null) return socket.spec.kind === 'unix' ? socket.spec.path : socket.description;
  const { family, ip, port } = socket.bound;
  return family === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The proxied hand-off for a session's sockets. Stream sockets only: tcp, http, https and unix
 * are all forwarded to loopback ports (a unix socket's server binds a port like the others).
 * udp has no connections to forward and is refused with a usage error naming the socket.
 */
export async function openProxyHandOff(sockets: readonly BoundSocket[], options: { holdTimeoutMs?: number } = {}): Promise<ProxyHandOff> {
  const udp = sockets.find((socket) => socket.spec.kind === 'udp');
  if (udp) throw new UsageError(`--proxy cannot forward the udp socket '${udp.spec.text}': udp has no connections to forward; run it without --proxy, or drop that socket`);
  if (sockets.length === 0) throw new UsageError('--proxy needs at least one socket to forward (-s http::3000)');
  const { adoptListeners } = await import('./adopt-listener.js');
  const handOff = new ProxyHandOff(sockets, await adoptListeners(sockets), options);
  try {
    await handOff.reserve();
  } catch (error) {
    handOff.close();
    throw error;
  }
  return handOff;
}
