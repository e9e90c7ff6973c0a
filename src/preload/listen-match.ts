/**
 * Pure matching of a `server.listen(...)` / `socket.bind(...)` call against the inherited
 * sockets, following Node's own argument normalisation (lib/net.js `normalizeArgs`).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { resolve } from 'node:path';
import type { InheritedSocket } from './inherited.js';

export type ListenRequest =
  | { kind: 'port'; port: number; host: string | null; signal?: AbortSignal; backlog?: number }
  | { kind: 'path'; path: string; backlog?: number }
  | { kind: 'other' };

/** What `server.listen(...args)` asks for (a callback, if any, is ignored here). */
export function parseListenArgs(args: readonly unknown[]): ListenRequest {
  const [first, second] = args;
  if (first !== null && typeof first === 'object') {
    const options = first as Record<string, unknown>;
    if ('_handle' in options || 'handle' in options || options.fd !== undefined) return { kind: 'other' };
    const backlog = typeof options.backlog === 'number' ? options.backlog : undefined;
    if (typeof options.path === 'string') return { kind: 'path', path: options.path, backlog };
    const port = toPort(options.port);
    if (port === null) return { kind: 'other' };
    const host = typeof options.host === 'string' && options.host !== '' ? options.host : null;
    const signal = options.signal instanceof AbortSignal ? options.signal : undefined;
    return { kind: 'port', port, host, signal, backlog };
  }
  // Node's isPipeName: a string that is not a non-negative number is a path.
  if (typeof first === 'string' && !(Number(first) >= 0)) return { kind: 'path', path: first };
  const port = toPort(first);
  if (port === null) return { kind: 'other' };
  const host = typeof second === 'string' && second !== '' ? second : null;
  const backlogArg = typeof second === 'number' ? second : typeof args[2] === 'number' ? args[2] : undefined;
  return { kind: 'port', port, host, backlog: backlogArg };
}

/** Node accepts numbers and numeric strings; port 0 means "any", which never matches. */
function toPort(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(number) && number > 0 && number <= 0xffff ? number : null;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);

/**
 * True when a listen/bind on `host` would be satisfied by a socket bound to `ip`: no host or a
 * wildcard host accepts any address (systemfd's socket then decides, usually loopback);
 * `localhost` accepts a loopback address; an IP literal must be the same address.
 */
export function hostMatches(host: string | null, ip: string): boolean {
  if (host === null || WILDCARDS.has(host)) return true;
  if (host === 'localhost') return isLoopback(ip);
  if (isIPv4(host)) return host === ip || host === unmapV4(ip);
  if (isIPv6(host)) return normalizeV6(host) === normalizeV6(ip);
  return false;
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || unmapV4(ip)?.startsWith('127.') === true;
}

function unmapV4(ip: string): string | null {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return match?.[1] ?? null;
}

function normalizeV6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname;
  } catch {
    return ip;
  }
}

/** The first untaken inherited socket that serves the request, or null. */
export function findSocket(
  request: ListenRequest,
  sockets: readonly InheritedSocket[],
  protocol: 'stream' | 'datagram',
  isTaken: (fd: number) => boolean,
  cwd: string,
): InheritedSocket | null {
  if (request.kind === 'other') return null;
  for (const socket of sockets) {
    const address = socket.address;
    if (!address || isTaken(socket.fd)) continue;
    if (request.kind === 'path') {
      if (protocol === 'stream' && address.kind === 'unix' && address.path === resolve(cwd, request.path)) return socket;
      continue;
    }
    if (address.kind === 'unix') continue;
    if ((address.kind === 'udp') !== (protocol === 'datagram')) continue;
    if (address.address.port === request.port && hostMatches(request.host, address.address.ip)) return socket;
  }
  return null;
}

/** The ports of the TCP sockets systemfd holds (taken or not), in fd order. */
export function heldTcpPorts(sockets: readonly InheritedSocket[]): number[] {
  const ports: number[] = [];
  for (const { address } of sockets) if (address && address.kind !== 'unix' && address.kind !== 'udp') ports.push(address.address.port);
  return ports;
}

/**
 * A listen on a concrete port that no held TCP socket has: the server binds a port of its own
 * while systemfd holds another, so clients of the held port get nothing. The line says so;
 * null when that is not the case (port 0, a path, no TCP socket held, or a held port).
 */
export function describeOwnPort(request: ListenRequest, sockets: readonly InheritedSocket[]): string | null {
  if (request.kind !== 'port') return null;
  const held = heldTcpPorts(sockets);
  if (held.length === 0 || held.includes(request.port)) return null;
  return `binds its own port; systemfd holds ${[...new Set(held)].join(', ')}`;
}
