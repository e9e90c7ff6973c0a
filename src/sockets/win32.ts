/**
 * Windows sockets (the protocol Rust's listenfd and watchexec speak): created with Winsock through koffi, held by
 * systemfd for its whole life, and handed to each child generation over the RPC server
 * (rpc/server.ts) instead of fd inheritance, which Windows sockets do not support for Node.
 *
 * Theory of operation: open every socket (unix specs refused before anything is created),
 * start one RPC server whose duplicate() calls WSADuplicateSocketW for the asking pid, and put
 * SYSTEMFD_SOCKET_SERVER / SYSTEMFD_SOCKET_SECRET in every child's environment. The parent
 * never accepts and never attaches the sockets to an event loop, so connections that arrive
 * between children wait in the backlog. One server serves every restart.
 *
 * Reuse options on Windows: Windows' SO_REUSEADDR lets another socket bind the same port (the
 * port sharing that SO_REUSEPORT gives on Linux), and Windows never refuses a listener's bind
 * because of TIME_WAIT connections, which is all the Unix SO_REUSEADDR is for. So `reuseAddr`
 * (the default) sets nothing here, and `--reuse-port` sets SO_REUSEADDR. Upstream sets
 * SO_REUSEADDR by default, which lets a second systemfd silently share the port.
 */
import { SocketError, UnsupportedError } from '../errors.js';
import { ALL_SOCKET_VARS, ENV, type EnvPatch } from '../protocol/env.js';
import { startRpcServer, type RpcClientRejected, type RpcServer } from '../rpc/server.js';
import type { RawSocketAddress } from '../platform/win32/sockaddr.js';
import * as ws2 from '../platform/win32/ws2_32.js';
import { detachFromCompletionPort } from '../platform/win32/ntdll.js';
import { formatIpv6, ipv6ToBytes, type IpSocketAddress } from './address.js';
import { describeSocket } from './describe.js';
import type { BoundSocket, SocketOptions, SocketSet } from './socket-set.js';
import type { IpSocketSpec, SocketSpec } from './spec.js';

export interface Win32SocketOptions extends SocketOptions {
  /** A bad RPC client or failed duplication (reported, never fatal: one bad client must not end socket passing). */
  onRpcClientRejected?: (event: RpcClientRejected) => void;
  /** Per-connection deadline of the RPC server (default 10 s). */
  rpcTimeoutMs?: number;
}

function toRaw(address: IpSocketAddress): RawSocketAddress {
  const ip = address.family === 4 ? Uint8Array.from(address.ip.split('.').map(Number)) : ipv6ToBytes(address.ip);
  return { family: address.family, ip, port: address.port, scopeId: address.scopeId };
}

function fromRaw(raw: RawSocketAddress): IpSocketAddress {
  const ip = raw.family === 4 ? Array.from(raw.ip).join('.') : formatIpv6(raw.ip);
  return { family: raw.family, ip, port: raw.port, scopeId: raw.scopeId };
}

function openOne(spec: IpSocketSpec, options: SocketOptions): { socket: number; bound: IpSocketAddress } {
  const kind = spec.kind === 'udp' ? 'dgram' : 'stream';
  const where = { address: spec.address.ip, port: spec.address.port };
  const socket = ws2.createSocket(spec.address.family, kind);
  try {
    if (options.reusePort) ws2.setIntOption(socket, ws2.SOL_SOCKET, ws2.SO_REUSEADDR, 1, 'setsockopt(SO_REUSEADDR)');
    ws2.bindSocket(socket, toRaw(spec.address), where);
    if (kind === 'stream') ws2.listenSocket(socket, options.backlog, where);
    return { socket, bound: fromRaw(ws2.getSocketName(socket)) };
  } catch (error) {
    closeQuietly(socket);
    throw error;
  }
}

function closeQuietly(socket: number): void {
  try {
    ws2.closeSocket(socket);
  } catch {
    // already closed or never valid: nothing left to release
  }
}

/**
 * Opens the sockets of `specs` in order and starts the RPC server. Unix specs throw an
 * UnsupportedError before anything is created; a socket that cannot be created throws a
 * SocketError (cause: a SystemError such as `bind EADDRINUSE 127.0.0.1:5000`) after closing
 * the ones already open. With no specs no server is started and the child gets no
 * SYSTEMFD_SOCKET_* variables (inherited ones are removed, as for LISTEN_*: a stale one would point at another server).
 */
export async function openWin32SocketSet(specs: readonly SocketSpec[], options: Win32SocketOptions): Promise<SocketSet> {
  const ipSpecs: IpSocketSpec[] = [];
  for (const spec of specs) {
    if (spec.kind === 'unix') throw new UnsupportedError('cannot use unix sockets on windows');
    ipSpecs.push(spec);
  }
  const sockets: BoundSocket[] = [];
  const handles: number[] = [];
  let server: RpcServer | null = null;
  let started = false;
  const release = () => {
    handles.splice(0).forEach(closeQuietly);
    if (started) {
      started = false;
      try {
        ws2.cleanup();
      } catch {
        // WSACleanup only fails when Winsock is already gone
      }
    }
  };

  if (ipSpecs.length > 0) {
    ws2.startup();
    started = true;
    try {
      for (const spec of ipSpecs) {
        let opened: { socket: number; bound: IpSocketAddress };
        try {
          opened = openOne(spec, options);
        } catch (error) {
          throw new SocketError(`cannot create socket ${describeSocket(spec, null)}: ${(error as Error).message}`, { cause: error });
        }
        handles.push(opened.socket);
        sockets.push({ spec, description: describeSocket(spec, opened.bound), handle: opened.socket, bound: opened.bound });
      }
      server = await startRpcServer({
        count: handles.length,
        duplicate: (index, pid) => ws2.duplicateSocket(handles[index] as number, pid),
      ...(options.rpcTimeoutMs === undefined ? {} : { timeoutMs: options.rpcTimeoutMs }),
      ...(options.onRpcClientRejected ? { onClientRejected: options.onRpcClientRejected } : {}),
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  let closed = false;
  return {
    sockets,
    childHandleLabel: (index) => String(sockets[index]?.handle ?? ''),
    childFds: () => [],
    childEnv: (): EnvPatch => {
      // No LISTEN_FDS/LISTEN_PID on Windows (upstream); --no-pid does not apply.
      const patch: EnvPatch = Object.fromEntries(ALL_SOCKET_VARS.map((name) => [name, undefined]));
      if (server) {
        patch[ENV.SOCKET_SERVER] = server.address;
        patch[ENV.SOCKET_SECRET] = server.secret;
        // Our addition: names for the Node child library. listenfd ignores LISTEN_*
        // on Windows, and without LISTEN_FDS no systemd-style consumer acts on it.
        patch[ENV.LISTEN_FDNAMES] = sockets.map((socket) => socket.spec.name).join(':');
      }
      return patch;
    },
    prepareForChild: () => {
      // Clear the completion-port association a previous child's event loop left on
      // the shared file object, so the next child's libuv can attach it (see ntdll.ts).
      handles.forEach((socket) => detachFromCompletionPort(socket));
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const stopping = server?.close();
      release();
      await stopping;
    },
    closeSync: () => {
      if (closed) return;
      closed = true;
      void server?.close();
      release();
    },
  };
}
