/**
 * Readiness of a proxied generation: its private port accepts a TCP connection. The probe
 * connects and closes at once (no bytes), every few milliseconds, until it succeeds or is
 * aborted. It tries 127.0.0.1 and ::1, because a server told to listen on "localhost" may bind
 * only ::1; the host that answered is where the router sends clients.
 */
import { connect } from 'node:net';

const FIRST_INTERVAL_MS = 5;
const MAX_INTERVAL_MS = 50;
export const PROBE_HOSTS = ['127.0.0.1', '::1'] as const;

/** One attempt: resolves true when `host:port` accepted a connection. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Resolves with the host that accepted a connection on `port`, or null when `signal` aborted
 * first. The interval grows from 5 ms to 50 ms: a fast server is seen within milliseconds, a
 * slow one costs a few connection attempts a second.
 */
export async function waitUntilAccepting(port: number, { signal }: { signal: AbortSignal }): Promise<string | null> {
  let interval = FIRST_INTERVAL_MS;
  while (!signal.aborted) {
    for (const host of PROBE_HOSTS) {
      if (await canConnect(host, port)) return signal.aborted ? null : host;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, interval);
      function done() {
        signal.removeEventListener('abort', done);
        clearTimeout(timer);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
    interval = Math.min(interval * 2, MAX_INTERVAL_MS);
  }
  return null;
}
