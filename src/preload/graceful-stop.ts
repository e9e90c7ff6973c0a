/**
 * Graceful hand-over: on the stop signal, a server on an inherited socket stops accepting,
 * finishes what it started, and exits, while connections still queued stay in the socket
 * systemfd holds for the next generation (holding the socket alone resets in-flight requests;
 * draining alone resets the backlog, since closing the last fd of a listener does; together
 * they lose nothing). Under overlap the next generation already accepts on the same socket, so
 * new connections go there the moment this one stops accepting.
 *
 * Keep-alive connections are where a drain usually loses requests: Node's http `close()` also
 * closes idle keep-alive connections, racing clients that are sending their next request on
 * them (ECONNRESET). Instead we only close the listening handle (net.Server's close), answer the
 * next request on each kept-alive connection with `Connection: close` (the client then opens a
 * new connection, which reaches the socket systemfd holds), and close a connection only after it
 * has been quiet for a while (a client that waits that long before reusing a connection is
 * prepared for it to be gone). A deadline bounds it all. An app that installs its own handler
 * for the signal keeps control: we do nothing then, exactly as without the preload.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import net, { type Server, type Socket } from 'node:net';
import { constants } from 'node:os';
import { processState } from '../listenfd/registry.js';

export interface GracefulStopOptions {
  signal: NodeJS.Signals;
  timeoutMs: number;
  /** A connection with no request for this long is closed while draining. */
  quietMs?: number;
}

const DEFAULT_QUIET_MS = 300;
const SWEEP_MS = 25;

interface HttpLikeServer extends Server {
  closeAllConnections?: () => void;
}

interface Connection {
  busy: number;
  lastActive: number;
}

/** Installs the stop-signal handler; returns the function that tracks one more server. */
export function installGracefulStop({ signal, timeoutMs, quietMs = DEFAULT_QUIET_MS }: GracefulStopOptions): (server: Server) => void {
  const state = processState();
  const connections = new Map<Server, Map<Socket, Connection>>();
  let draining = false;

  const track = (server: Server) => {
    if (connections.has(server)) return;
    const open = new Map<Socket, Connection>();
    connections.set(server, open);
    server.on('connection', (socket: Socket) => {
      open.set(socket, { busy: 0, lastActive: Date.now() });
      socket.once('close', () => open.delete(socket));
    });
    // Only http servers emit 'request'; for others this listener never runs.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const connection = open.get(req.socket);
      if (connection) {
        connection.busy++;
        connection.lastActive = Date.now();
        res.once('close', () => {
          connection.busy--;
          connection.lastActive = Date.now();
        });
      }
      if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    });
  };

  const onSignal = () => {
    if (draining) return exitBySignal(); // a second stop signal: stop waiting
    if (process.listeners(signal).some((listener) => listener !== onSignal)) return; // the app's own
    draining = true;
    drain();
  };

  const drain = () => {
    const servers = [...state.servers];
    let open = servers.length;
    const deadline = setTimeout(() => {
      for (const server of servers) (server as HttpLikeServer).closeAllConnections?.();
      exitBySignal();
    }, timeoutMs);
    const sweep = setInterval(() => {
      const now = Date.now();
      for (const open of connections.values()) {
        for (const [socket, connection] of open) if (connection.busy === 0 && now - connection.lastActive >= quietMs) socket.destroy();
      }
    }, SWEEP_MS);
    sweep.unref();
    const closed = () => {
      if (--open > 0) return;
      clearTimeout(deadline);
      clearInterval(sweep);
      exitBySignal();
    };
    if (open === 0) return closed();
    for (const server of servers) {
      // Responses already under way end their connection too.
      for (const socket of connections.get(server)?.keys() ?? []) markClosing(socket);
      // net.Server's close, not http's: that one would also close idle keep-alive connections
      // under clients sending their next request. The callback runs once every connection ended.
      net.Server.prototype.close.call(server, () => closed());
    }
  };

  const exitBySignal = () => {
    process.removeListener(signal, onSignal);
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
      return;
    }
    process.exit(128 + (signalNumber(signal) ?? 15));
  };

  process.on(signal, onSignal);
  return track;
}

/** The response in progress on this connection, if any, gets `Connection: close`. */
function markClosing(socket: Socket): void {
  const res = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (res && !res.headersSent) res.setHeader('Connection', 'close');
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[signal];
}
