/**
 * Zero-change mode: `server.listen(3000)` in an unmodified server uses the socket systemfd holds
 * on that port instead of binding it again (which fails with EADDRINUSE, since systemfd holds
 * it). A server that takes an inherited fd itself (`listen({ fd: 3 })`, a handle) is recorded as
 * one of ours, so it is drained and reports readiness too. Everything else goes to Node's own
 * listen untouched: ports systemfd does not hold, `listen(0)`, and every call in processes
 * without sockets; a failed listen of that kind is only reported (an inspector or a second
 * server port that the running generation still holds explains a crash under overlap).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { describeFdAddress } from '../protocol/fd-addresses.js';
import { processState, registerInheritedServer } from '../listenfd/registry.js';
import type { PreloadLog } from './contract.js';
import type { InheritedSocket } from './inherited.js';
import { describeCall, writeInfoLine } from './info-line.js';
import { describeOwnPort, findSocket, parseListenArgs } from './listen-match.js';

type ListenFn = (this: net.Server, ...args: unknown[]) => net.Server;
type BindFn = (this: dgram.Socket, ...args: unknown[]) => dgram.Socket;

export interface PatchOptions {
  sockets: readonly InheritedSocket[];
  log: PreloadLog;
  onListenFailed?: (error: NodeJS.ErrnoException) => void;
}

/** The fd a `listen({ fd })`, `listen(handle)` or `listen({ handle })` call names, if any. */
function fdArgument(first: unknown): number | null {
  if (first === null || typeof first !== 'object') return null;
  const options = first as { fd?: unknown; handle?: { fd?: unknown }; _handle?: { fd?: unknown } };
  const fd = (options._handle ?? options.handle ?? options).fd;
  return typeof fd === 'number' && Number.isInteger(fd) && fd >= 0 ? fd : null;
}

/** Servers whose `emit` already reports errors: a server that retries listen is wrapped once. */
const reporting = new WeakSet<net.Server>();

/** Reports an `error` event on this server to `report` without changing who handles it. */
function reportErrors(server: net.Server, report: (error: NodeJS.ErrnoException) => void): void {
  // A wrapper per listen call would report each failure once per earlier call, and put one
  // more function in front of every event the server emits.
  if (reporting.has(server)) return;
  reporting.add(server);
  const emit = server.emit as (this: net.Server, name: string | symbol, ...args: unknown[]) => boolean;
  const reportingEmit = function (this: net.Server, name: string | symbol, ...args: unknown[]) {
    if (name === 'error') report(args[0] as NodeJS.ErrnoException);
    return emit.call(this, name, ...args);
  };
  server.emit = reportingEmit as typeof server.emit;
}

const isTaken = (fd: number): boolean => processState().taken.has(fd);

/** The own-port line is said once per process: a server that retries its listen is not news again. */
let toldOwnPort = false;

export function patchNetListen({ sockets, log, onListenFailed }: PatchOptions): void {
  const original = net.Server.prototype.listen as unknown as ListenFn;
  const patched: ListenFn = function (this: net.Server, ...args: unknown[]) {
    const fd = fdArgument(args[0]);
    if (fd !== null && sockets.some((socket) => socket.fd === fd)) {
      processState().taken.add(fd);
      this.once('listening', () => registerInheritedServer(this));
      return original.apply(this, args);
    }
    const request = parseListenArgs(args);
    const socket = findSocket(request, sockets, 'stream', isTaken, process.cwd());
    if (!socket || request.kind === 'other') {
      if (onListenFailed && request.kind === 'port') reportErrors(this, onListenFailed);
      const ownPort = toldOwnPort || request.kind !== 'port' ? null : describeOwnPort(request, sockets);
      if (ownPort !== null && request.kind === 'port') {
        toldOwnPort = true;
        writeInfoLine(`${describeCall('server.listen', request)} ${ownPort}`, log);
      }
      return original.apply(this, args);
    }
    processState().taken.add(socket.fd);
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    // @types/node's ListenOptions lacks `fd`, which net.Server#listen documents and accepts.
    const options: { fd: number; signal?: AbortSignal } = { fd: socket.fd };
    if (request.kind === 'port' && request.signal) options.signal = request.signal;
    this.once('listening', () => {
      registerInheritedServer(this);
      const label = socket.address ? describeFdAddress(socket.address) : `socket #${socket.index}`;
      writeInfoLine(`${describeCall('server.listen', request)} uses the socket systemfd holds: ${label} (fd #${socket.fd})`, log);
    });
    return original.call(this, options, ...(callback ? [callback] : []));
  };
  Object.defineProperty(patched, 'name', { value: 'listen' });
  net.Server.prototype.listen = patched as unknown as typeof net.Server.prototype.listen;
}

/** `dgram` counterpart: `socket.bind(5000)` / `bind({ port, address })` on an inherited UDP socket. */
export function patchDgramBind({ sockets, log }: PatchOptions): void {
  const original = dgram.Socket.prototype.bind as unknown as BindFn;
  const patched: BindFn = function (this: dgram.Socket, ...args: unknown[]) {
    const [first] = args;
    const normalized = first !== null && typeof first === 'object'
      ? [{ port: (first as { port?: unknown }).port, host: (first as { address?: unknown }).address, fd: (first as { fd?: unknown }).fd }]
      : args;
    const request = parseListenArgs(normalized);
    const socket = findSocket(request, sockets, 'datagram', isTaken, process.cwd());
    if (!socket || request.kind !== 'port') return original.apply(this, args);
    processState().taken.add(socket.fd);
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    this.once('listening', () => {
      const label = socket.address ? describeFdAddress(socket.address) : `socket #${socket.index}`;
      writeInfoLine(`${describeCall('socket.bind', request)} uses the socket systemfd holds: ${label} (fd #${socket.fd})`, log);
    });
    return original.call(this, { fd: socket.fd }, ...(callback ? [callback] : []));
  };
  Object.defineProperty(patched, 'name', { value: 'bind' });
  dgram.Socket.prototype.bind = patched as unknown as typeof dgram.Socket.prototype.bind;
}
