/**
 * Theory of operation: the router holds the public listeners for the whole session and sends
 * every accepted connection to the *current* generation's private loopback port (see
 * forward.ts). Generations are registered with `add()` when they start, become current with
 * `activate()` once they are ready, and are taken out of rotation with `retire()`: no new
 * connection goes to a retired generation, the open ones finish, and `retire()` resolves (and
 * `drained` is emitted) when its count of open connections reaches 0 or the timeout passes.
 *
 * While no generation is current, connections are accepted and held, paused: their bytes stay
 * in the kernel's receive buffer until a generation is ready, then they are forwarded like any
 * other. Holding in user space rather than in the listen backlog is deliberate: Node cannot stop
 * accepting on a listener without closing it, the backlog is capped at somaxconn (beyond that
 * Linux drops SYNs and a client waits for its 1 s, 3 s ... retransmit), and held connections can
 * be counted and bounded. A connection the current generation refuses (it crashed, or has not
 * bound that port yet) is held again and retried, never refused to the client.
 *
 * Only after `holdTimeoutMs` does the router answer on its own: `503` on http sockets, a plain
 * close on the others (tcp carries an unknown protocol, https would need the server's TLS).
 */
import { EventEmitter } from 'node:events';
import type { Server, Socket } from 'node:net';
import type { SocketKind } from '../sockets/spec.js';
import { forwardConnection, type ProxiedConnection } from './forward.js';
import { HeldClients, type HeldClient } from './held-clients.js';

/** How long a client is held while no generation is ready, before the router answers itself. */
export const DEFAULT_HOLD_TIMEOUT_MS = 60_000;
/** Pause between attempts when the current generation refuses a connection. */
const RETRY_MS = 20;
/**
 * A retired generation's connection that has been quiet this long since the server's last
 * bytes (an idle keep-alive connection) is closed instead of waited for: HTTP clients treat
 * that like a server's keep-alive timeout and open a new connection, which reaches the new
 * generation. Long enough not to cut a response that streams with pauses shorter than this.
 */
export const IDLE_CLOSE_MS = 200;
const SWEEP_MS = 50;

export interface PublicListener {
  server: Server;
  kind: SocketKind;
}

export interface RouterOptions {
  listeners: readonly PublicListener[];
  holdTimeoutMs?: number;
}

export interface DrainResult {
  /** True when every connection finished; false when the timeout came first. */
  drained: boolean;
  /** Connections still open when retire() resolved. */
  open: number;
  elapsedMs: number;
}

export interface RouterEvents {
  drained: [{ generation: number; elapsedMs: number }];
  /** accept() failed (EMFILE...): libuv keeps accepting, the launcher reports it. */
  warning: [string];
  /** A client was answered by the router itself after waiting `holdTimeoutMs`. */
  'hold-timeout': [{ listener: number }];
}

interface GenerationRoute {
  id: number;
  host: string;
  ports: readonly number[];
  open: number;
  connections: Set<ProxiedConnection>;
  sweep: NodeJS.Timeout | undefined;
  retired: boolean;
  retiredAt: number;
  drainWaiters: Array<() => void>;
}

export class ProxyRouter extends EventEmitter<RouterEvents> {
  readonly #listeners: readonly PublicListener[];
  readonly #generations = new Map<number, GenerationRoute>();
  #current: GenerationRoute | null = null;
  /** Every forwarded connection not yet closed, also of generations already removed. */
  readonly #forwarded = new Set<ProxiedConnection>();
  readonly #held: HeldClients;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor({ listeners, holdTimeoutMs = DEFAULT_HOLD_TIMEOUT_MS }: RouterOptions) {
    super();
    this.#listeners = listeners;
    this.#held = new HeldClients({ timeoutMs: holdTimeoutMs, onTimeout: (client) => this.#giveUp(client) });
    listeners.forEach(({ server }, index) => {
      server.on('connection', (socket) => this.#accept(socket, index));
      server.on('error', (error) => this.emit('warning', `proxy: cannot accept a connection: ${error.message}`));
    });
  }

  /** The generation that receives new connections (null while clients are held). */
  get current(): number | null {
    return this.#current?.id ?? null;
  }

  /** Clients accepted and waiting for a ready generation. */
  get holding(): number {
    return this.#held.size;
  }

  /** Open connections to a generation (0 for one the router does not know). */
  openConnections(generation: number): number {
    return this.#generations.get(generation)?.open ?? 0;
  }

  /**
   * Register a generation and where it listens: `ports[i]` serves public listener i, on `host`
   * (loopback). It receives nothing until `activate()`.
   */
  add(generation: number, { ports, host = '127.0.0.1' }: { ports: readonly number[]; host?: string }): void {
    if (ports.length !== this.#listeners.length) throw new Error(`generation ${generation} needs ${this.#listeners.length} ports, got ${ports.length}`);
    this.#generations.set(generation, { id: generation, host, ports, open: 0, connections: new Set(), sweep: undefined, retired: false, retiredAt: 0, drainWaiters: [] });
  }

  /** Where a registered generation is reached (the probe may have found it on ::1). */
  setHost(generation: number, host: string): void {
    const route = this.#generations.get(generation);
    if (route) route.host = host;
  }

  /**
   * Make a ready generation current: new and held connections go to it from now on. False (and
   * nothing changes) for a generation retired or gone meanwhile: readiness can race a stop.
   */
  activate(generation: number): boolean {
    const route = this.#generations.get(generation);
    if (!route || route.retired) return false;
    this.#current = route;
    this.#dispatchHeld();
    return true;
  }

  /**
   * Send a generation no new connection and wait for its open ones to finish, at most
   * `timeoutMs`. If it was current, new clients are held until another one is activated.
   */
  retire(generation: number, { timeoutMs }: { timeoutMs: number }): Promise<DrainResult> {
    const route = this.#generations.get(generation);
    if (!route) return Promise.resolve({ drained: true, open: 0, elapsedMs: 0 });
    if (this.#current === route) this.#current = null;
    if (!route.retired) {
      route.retired = true;
      route.retiredAt = Date.now();
      route.sweep = setInterval(() => this.#closeIdle(route), SWEEP_MS);
      route.sweep.unref();
    }
    if (route.open === 0) {
      clearInterval(route.sweep);
      const elapsedMs = Date.now() - route.retiredAt;
      this.emit('drained', { generation, elapsedMs });
      return Promise.resolve({ drained: true, open: 0, elapsedMs });
    }
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve({ drained: true, open: 0, elapsedMs: Date.now() - route.retiredAt });
      };
      const timer = setTimeout(() => {
        route.drainWaiters = route.drainWaiters.filter((other) => other !== waiter);
        resolve({ drained: false, open: route.open, elapsedMs: Date.now() - route.retiredAt });
      }, timeoutMs);
      timer.unref();
      route.drainWaiters.push(waiter);
    });
  }

  /** Forget a generation whose process is gone (its connections closed with it). */
  remove(generation: number): void {
    const route = this.#generations.get(generation);
    if (!route) return;
    if (this.#current === route) this.#current = null;
    clearInterval(route.sweep);
    this.#generations.delete(generation);
  }

  /**
   * Stop accepting, drop held clients and every forwarded connection still open. The session
   * is over then and no server is left behind them; a client that keeps its side open (its
   * server's FIN unanswered) would otherwise keep systemfd from exiting. The listeners' fds
   * are closed with them.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    this.#held.destroyAll();
    for (const route of this.#generations.values()) clearInterval(route.sweep);
    for (const connection of this.#forwarded) connection.destroy();
    this.#forwarded.clear();
    // close() stops accepting at once; its callback would wait for the connections' close.
    for (const { server } of this.#listeners) server.close();
  }

  #accept(socket: Socket, listener: number): void {
    // Errors of a client (a reset while held) must not reach the process as unhandled.
    socket.on('error', () => {});
    if (this.#closed) {
      socket.destroy();
      return;
    }
    socket.pause();
    this.#route(socket, listener, Date.now());
  }

  #route(socket: Socket, listener: number, since: number): void {
    const route = this.#current;
    if (route === null) {
      this.#hold(socket, listener, since);
      return;
    }
    const port = route.ports[listener] as number;
    route.open++;
    const connection = forwardConnection(socket, { host: route.host, port }, {
      refused: () => {
        this.#closeOne(route, connection);
        // Held again: retried shortly, or sent to the next generation once it is ready.
        this.#hold(socket, listener, since);
        this.#scheduleRetry();
      },
      closed: () => this.#closeOne(route, connection),
    });
    route.connections.add(connection);
    this.#forwarded.add(connection);
  }

  #hold(socket: Socket, listener: number, since: number): void {
    this.#held.hold({ socket, listener, since });
  }

  #dispatchHeld(): void {
    if (this.#current === null || this.#held.size === 0) return;
    for (const client of this.#held.takeAll()) this.#route(client.socket, client.listener, client.since);
  }

  #scheduleRetry(): void {
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#dispatchHeld();
    }, RETRY_MS);
    this.#retryTimer.unref();
  }

  #giveUp(held: HeldClient): void {
    this.emit('hold-timeout', { listener: held.listener });
    const { socket } = held;
    // Read (and drop) what the client sent: closing with unread bytes would send a reset,
    // which can destroy the answer in the client's receive buffer.
    socket.resume();
    if (this.#listeners[held.listener]?.kind === 'http') {
      const body = 'systemfd: no server became ready in time\n';
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${body}`);
    } else {
      socket.end();
    }
  }

  #closeIdle(route: GenerationRoute): void {
    const now = performance.now();
    for (const connection of route.connections) {
      const idle = connection.idleAfterResponseMs(now);
      if (idle !== null && idle >= IDLE_CLOSE_MS) {
        route.connections.delete(connection);
        connection.close();
      }
    }
  }

  #closeOne(route: GenerationRoute, connection: ProxiedConnection): void {
    this.#forwarded.delete(connection);
    route.open--;
    route.connections.delete(connection);
    if (route.open !== 0 || !route.retired) return;
    clearInterval(route.sweep);
    this.emit('drained', { generation: route.id, elapsedMs: Date.now() - route.retiredAt });
    for (const waiter of route.drainWaiters.splice(0)) waiter();
  }
}
