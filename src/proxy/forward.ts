/**
 * One proxied connection: connect to the generation's private port, then copy bytes both ways
 * until both directions are closed. Nothing is parsed, so HTTP/1.1 keep-alive, WebSocket
 * upgrades and TLS (the server terminates it) pass unchanged.
 *
 * Half-close is kept: a client's FIN becomes a FIN to the server and the reverse (both sides
 * are `allowHalfOpen`), and a reset on one side becomes a reset on the other, so the client sees
 * what it would have seen talking to the server directly.
 */
import { connect, type Socket } from 'node:net';

const HALF_CLOSED_GRACE_MS = 1_000;

export interface UpstreamTarget {
  host: string;
  port: number;
}

export interface ForwardCallbacks {
  /** The server did not take the connection; nothing was sent either way, so it can be routed again. */
  refused(error: NodeJS.ErrnoException): void;
  /** The connection is over (both sockets closed, or the client left before the connect). */
  closed(): void;
}

export interface ProxiedConnection {
  /**
   * How long the connection has been quiet *after the server spoke last* (ms), or null while a
   * request may be in flight: nothing received yet, or the client sent bytes the server has not
   * answered. For HTTP that is an idle keep-alive connection between two requests.
   */
  idleAfterResponseMs(now: number): number | null;
  /** End both sides gracefully (FIN), as a server's keep-alive timeout would. */
  close(): void;
  /** Drop both sides now (the session is over: nothing is left to serve the client). */
  destroy(): void;
}

export function forwardConnection(client: Socket, target: UpstreamTarget, callbacks: ForwardCallbacks): ProxiedConnection {
  const upstream = connect({ host: target.host, port: target.port, allowHalfOpen: true });
  let connected = false;
  let lastFromClient = 0;
  let lastFromServer = 0;
  upstream.once('connect', () => {
    connected = true;
    if (client.destroyed) {
      // The client left while we connected: its close event is already past.
      upstream.destroy();
      callbacks.closed();
      return;
    }
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    let open = 2;
    const onClose = () => {
      if (--open === 0) callbacks.closed();
    };
    client.once('close', onClose);
    upstream.once('close', onClose);
    // A reset or error on one side ends the other the same way, at once.
    client.on('error', () => resetOrDestroy(upstream));
    upstream.on('error', () => resetOrDestroy(client));
    client.on('data', () => (lastFromClient = performance.now()));
    upstream.on('data', () => (lastFromServer = performance.now()));
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  upstream.once('error', (error: NodeJS.ErrnoException) => {
    if (connected) return;
    upstream.destroy();
    // Exactly one callback per connection: a client that left needs no second route.
    if (client.destroyed) callbacks.closed();
    else callbacks.refused(error);
  });
  return {
    idleAfterResponseMs: (now) => {
      if (!connected || lastFromServer === 0 || lastFromClient > lastFromServer) return null;
      if (client.writableLength > 0 || upstream.writableLength > 0) return null;
      return now - lastFromServer;
    },
    close: () => {
      client.end();
      upstream.end();
      // A peer that never sends its own FIN back does not keep the generation draining.
      setTimeout(() => {
        client.destroy();
        upstream.destroy();
      }, HALF_CLOSED_GRACE_MS).unref();
    },
    destroy: () => {
      client.destroy();
      upstream.destroy();
    },
  };
}

function resetOrDestroy(socket: Socket): void {
  if (socket.destroyed) return;
  // resetAndDestroy sends RST (Node >= 16.17) and throws on a socket that is not connected.
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
