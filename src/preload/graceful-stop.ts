/**
 * Graceful hand-over (issue 5, SPEC E): on the stop signal, a server on an inherited socket stops
 * accepting, finishes what it started, and exits, while connections still queued stay in the
 * socket systemfd holds for the next generation. Holding the socket alone resets in-flight
 * requests; draining alone resets the backlog (closing the last fd of a listener does);
 * together they lose nothing (SPEC E, measured).
 *
 * Order: close every adopted listener (only this process's fd: systemfd keeps the socket, so
 * the backlog survives), mark in-flight responses `Connection: close` so clients do not reuse
 * the connection, close idle keep-alive connections (again whenever one becomes idle), and once
 * every server reports `close`, die of the same signal so the parent sees the usual status. A
 * deadline bounds it all. An app that installs its own handler for the signal keeps control:
 * we do nothing then, exactly as without the preload.
 */
import type { ServerResponse } from 'node:http';
import type { Server } from 'node:net';
import { constants } from 'node:os';
import { processState } from '../listenfd/registry.js';

export interface GracefulStopOptions {
  signal: NodeJS.Signals;
  timeoutMs: number;
}

interface HttpLikeServer extends Server {
  closeIdleConnections?: () => void;
  closeAllConnections?: () => void;
}

export function installGracefulStop({ signal, timeoutMs }: GracefulStopOptions): void {
  const state = processState();
  const inFlight = new Map<Server, Set<ServerResponse>>();
  let installed = false;
  let draining = false;

  const track = (server: Server) => {
    const responses = new Set<ServerResponse>();
    inFlight.set(server, responses);
    // Only http servers emit 'request'; for others this listener never runs.
    server.on('request', (_req: unknown, res: ServerResponse) => {
      responses.add(res);
      res.once('close', () => responses.delete(res));
      if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    });
    if (!installed) {
      installed = true;
      process.on(signal, onSignal);
    }
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
    const sweep = setInterval(() => servers.forEach((server) => (server as HttpLikeServer).closeIdleConnections?.()), 50);
    sweep.unref();
    const closed = () => {
      if (--open > 0) return;
      clearTimeout(deadline);
      clearInterval(sweep);
      exitBySignal();
    };
    if (open === 0) return closed();
    for (const server of servers) {
      for (const res of inFlight.get(server) ?? []) if (!res.headersSent) res.setHeader('Connection', 'close');
      server.close(() => closed());
      (server as HttpLikeServer).closeIdleConnections?.();
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

  state.onServer = track;
  for (const server of state.servers) track(server);
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[signal];
}
