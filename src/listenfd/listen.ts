/**
 * `listen(server)` / `bind(socket)`: use the inherited socket when there is one, else a fallback
 * address, so the same program runs with and without systemfd.
 */
import type { Socket as DgramSocket } from 'node:dgram';
import type { AddressInfo, Server } from 'node:net';
import { ListenFdError } from './errors.js';
import type { ListenFds } from './listen-fds.js';
import { registerInheritedServer } from './registry.js';
import type { ListenTarget, SocketSelector } from './types.js';

export interface ListenOptions {
  /** Which inherited socket: position or LISTEN_FDNAMES name. Default 0 (the first). */
  socket?: SocketSelector;
  /** Port to listen on when no socket was inherited (e.g. run without systemfd). */
  fallbackPort?: number;
  /** Host for `fallbackPort` (Node's default, all interfaces, when absent). */
  fallbackHost?: string;
  /** Unix socket path (or Windows pipe) when no socket was inherited. */
  fallbackPath?: string;
  /** listen() backlog for the fallback (an inherited socket keeps systemfd's backlog). */
  backlog?: number;
  /** Environment to read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

export interface ListenResult {
  /** True when the server uses an inherited socket. */
  inherited: boolean;
  /** The inherited fd (POSIX), else null. */
  fd: number | null;
  /** `server.address()` once listening. */
  address: AddressInfo | string | null;
}

export interface BindOptions {
  socket?: SocketSelector;
  fallbackPort?: number;
  fallbackAddress?: string;
  env?: NodeJS.ProcessEnv;
}

export interface BindResult {
  inherited: boolean;
  fd: number | null;
  address: AddressInfo;
}

/** Takes a stream listener: TCP first, a unix listener when the fd is one. */
function takeStreamListener(fds: ListenFds, selector: SocketSelector): ListenTarget | null {
  try {
    return fds.takeTcpListener(selector);
  } catch (error) {
    if (!(error instanceof ListenFdError) || error.code !== 'ERR_LISTENFD_WRONG_TYPE') throw error;
    try {
      return fds.takeUnixListener(selector);
    } catch {
      throw error; // the tcp error names what was asked for first
    }
  }
}

export async function listenWith(fds: ListenFds, server: Server, options: ListenOptions): Promise<ListenResult> {
  const target = takeStreamListener(fds, options.socket ?? 0);
  if (target) {
    await whenListening(server, () => server.listen(target));
    registerInheritedServer(server);
    return { inherited: true, fd: target.fd ?? null, address: server.address() };
  }
  const { fallbackPort, fallbackHost, fallbackPath, backlog } = options;
  if (fallbackPort !== undefined) {
    await whenListening(server, () => server.listen({ port: fallbackPort, host: fallbackHost, backlog }));
  } else if (fallbackPath !== undefined) {
    await whenListening(server, () => server.listen({ path: fallbackPath, backlog }));
  } else {
    throw new ListenFdError('ERR_LISTENFD_NO_SOCKET', `no inherited socket ${describeSelector(options.socket)} and no fallback given`);
  }
  return { inherited: false, fd: null, address: server.address() };
}

export async function bindWith(fds: ListenFds, socket: DgramSocket, options: BindOptions): Promise<BindResult> {
  const target = fds.takeUdpSocket(options.socket ?? 0);
  if (target) {
    // dgram takes a Windows UDP handle itself in place of a port, not wrapped in options.
    await whenBound(socket, () => (target.handle ? socket.bind(target.handle as never) : socket.bind({ fd: target.fd })));
    return { inherited: true, fd: target.fd ?? null, address: socket.address() };
  }
  if (options.fallbackPort === undefined) {
    throw new ListenFdError('ERR_LISTENFD_NO_SOCKET', `no inherited socket ${describeSelector(options.socket)} and no fallback given`);
  }
  const { fallbackPort: port, fallbackAddress: address } = options;
  await whenBound(socket, () => socket.bind({ port, address }));
  return { inherited: false, fd: null, address: socket.address() };
}

function describeSelector(selector: SocketSelector | undefined): string {
  return typeof selector === 'string' ? `named '${selector}'` : `#${selector ?? 0}`;
}

function whenListening(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => { server.off('listening', onListening); reject(error); };
    const onListening = () => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    start();
  });
}

function whenBound(socket: DgramSocket, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => { socket.off('listening', onListening); reject(error); };
    const onListening = () => { socket.off('error', onError); resolve(); };
    socket.once('error', onError);
    socket.once('listening', onListening);
    start();
  });
}
