/**
 * The hint for a server that binds the port itself instead of taking the inherited socket: it
 * dies at once with EADDRINUSE, because systemfd holds that port. Its stderr goes straight to
 * the terminal (a pipe would change how it prints), so the error text is not seen here; the
 * hint is worded as a condition and given for an early failure only, once per session.
 */
import type { BoundSocket } from '../sockets/socket-set.js';

/** A generation that fails this soon after its start may not have reached its listen(). */
export const EARLY_EXIT_MS = 10_000;

export function addressInUseHint(sockets: readonly BoundSocket[], { code, ranMs }: { code: number | null; ranMs: number }): string | null {
  if (code === null || code === 0 || ranMs > EARLY_EXIT_MS) return null;
  const held = sockets.filter((socket) => socket.spec.kind !== 'udp' && socket.bound !== null);
  if (held.length === 0) return null;
  const addresses = held.map(({ bound }) => (bound!.family === 6 ? `[${bound!.ip}]:${bound!.port}` : `${bound!.ip}:${bound!.port}`)).join(', ');
  return `if it failed with EADDRINUSE on ${addresses}, it binds the port itself instead of taking the socket systemfd holds: run it with --proxy`;
}
