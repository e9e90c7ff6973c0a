/**
 * The child side of the Windows hand-off (as Rust's listenfd src/windows.rs does it):
 * ask systemfd's RPC server for WSAPROTOCOL_INFOW structs, turn each into this process's own
 * SOCKET with WSASocketW(FROM_PROTOCOL_INFO), and wrap a SOCKET in a libuv handle that
 * `net.Server.listen(handle)` / `dgram.Socket.bind(handle)` accept.
 *
 * Node cannot take a Windows SOCKET through `listen({ fd })` (on Windows `fd` means a C runtime
 * file descriptor; it fails with EINVAL). What works is the internal handle class that
 * `net.Server` itself uses: `process.binding('tcp_wrap').TCP`, whose `open(socket)` calls
 * libuv's `uv_tcp_open`. It is undocumented but stable since Node 0.x and it is how Node's own
 * cluster module hands servers around. `process.binding` warns only under
 * --pending-deprecation (DEP0111).
 */
import { connect } from 'node:net';
import { isIP } from 'node:net';
import { getSystemErrorName } from 'node:util';
import { ENV } from '../protocol/env.js';
import { formatRpcRequest, formatUuid } from '../protocol/rpc-message.js';
import { SOCK_DGRAM, SOCK_STREAM, AF_INET, AF_INET6, readProtocolInfo, splitProtocolInfos } from '../platform/win32/protocol-info.js';
import { ListenFdError } from './errors.js';

export interface WindowsSocket {
  /** The SOCKET handle value in this process (what WSASocketW returned). */
  readonly socket: number;
  /** From the protocol info: 'stream' (TCP), 'dgram' (UDP), or 'unknown'. */
  readonly kind: 'stream' | 'dgram' | 'unknown';
  readonly family: 4 | 6 | null;
  /** Position in systemfd's socket list (0-based, spec order). */
  readonly index: number;
}

export interface FetchOptions {
  /** Deadline for the whole RPC exchange (connect, write, read to end). Default 10 s. */
  timeoutMs?: number;
  /** The pid to ask for; this process by default (the duplicates only work in that process). */
  pid?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Reads SYSTEMFD_SOCKET_SERVER / SYSTEMFD_SOCKET_SECRET and performs the RPC: connect, write
 * `secret|pid` (secret in canonical form, no newline), half-close, read to end of stream.
 * Pure Node (no koffi), so it also runs on Linux against the real server.
 *
 * Returns null when either variable is absent (not started by systemfd), and [] when the
 * server answered with nothing. Throws a ListenFdError (ERR_LISTENFD_SYSTEM, with the cause)
 * when a variable is malformed, the server cannot be reached or times out, or the reply is
 * not a whole number of 628-byte structs. A server that rejects us (wrong secret) just closes:
 * that is an empty reply, i.e. []. Does not modify `env`; the caller should remove the
 * variables afterwards, as listenfd does, so that processes started later do not ask again.
 */
export async function requestProtocolInfos(env: NodeJS.ProcessEnv, options: FetchOptions = {}): Promise<Buffer[] | null> {
  const server = env[ENV.SOCKET_SERVER];
  const secretText = env[ENV.SOCKET_SECRET];
  if (server === undefined || secretText === undefined) return null;
  const target = parseServerAddress(server);
  const secret = formatUuid(secretText);
  if (!target) throw new ListenFdError('ERR_LISTENFD_SYSTEM', `${ENV.SOCKET_SERVER} is not an IP socket address: '${server}'`);
  if (secret === null) throw new ListenFdError('ERR_LISTENFD_SYSTEM', `${ENV.SOCKET_SECRET} is not a UUID`);
  const request = formatRpcRequest(secret, options.pid ?? process.pid);
  const reply = await exchange(target, request, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    return splitProtocolInfos(reply);
  } catch (error) {
    throw new ListenFdError('ERR_LISTENFD_SYSTEM', `bad reply from the socket server at ${server}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * requestProtocolInfos + WSASocketW(FROM_PROTOCOL_INFO, ..., WSA_FLAG_OVERLAPPED) for each
 * struct, in spec order. Windows only (loads koffi's ws2_32 bindings). Returns [] when the
 * variables are absent. Throws like requestProtocolInfos, and a ListenFdError
 * (ERR_LISTENFD_SYSTEM) when WSASocketW fails, after closing the sockets already created.
 * The sockets belong to the caller: adopt them or close them with closeWindowsSocket().
 */
export async function fetchWindowsSockets(env: NodeJS.ProcessEnv = process.env, options: FetchOptions = {}): Promise<WindowsSocket[]> {
  const infos = await requestProtocolInfos(env, options);
  if (!infos || infos.length === 0) return [];
  const ws2 = await import('../platform/win32/ws2_32.js');
  const { detachFromCompletionPort } = await import('../platform/win32/ntdll.js');
  const result: WindowsSocket[] = [];
  try {
    infos.forEach((info, index) => {
      const summary = readProtocolInfo(info);
      const socket = ws2.socketFromProtocolInfo(info);
      // As listenfd: drop a completion-port association inherited through the shared file
      // object, so libuv can attach the socket to this process's loop (ntdll.ts).
      detachFromCompletionPort(socket);
      result.push({
        socket,
        index,
        kind: summary.socketType === SOCK_STREAM ? 'stream' : summary.socketType === SOCK_DGRAM ? 'dgram' : 'unknown',
        family: summary.addressFamily === AF_INET ? 4 : summary.addressFamily === AF_INET6 ? 6 : null,
      });
    });
  } catch (error) {
    result.forEach((s) => closeWindowsSocket(s));
    throw new ListenFdError('ERR_LISTENFD_SYSTEM', `cannot open handed-over socket #${result.length}: ${(error as Error).message}`, { cause: error });
  }
  return result;
}

interface InternalHandle { open(socket: number): number }
type HandleBinding = { TCP: new (type: number) => InternalHandle; constants: { SERVER: number } };
type UdpBinding = { UDP: new () => InternalHandle };

function internalBinding<T>(name: string): T {
  return (process as unknown as { binding(name: string): T }).binding(name);
}

/**
 * A libuv TCP handle owning `socket`, for `net.createServer().listen(handle)` (or
 * `listen({ handle })`). Throws ERR_LISTENFD_WRONG_TYPE for a datagram socket (the socket stays
 * usable) and ERR_LISTENFD_SYSTEM when libuv refuses it (e.g. an IOCP association that could
 * not be cleared). Once adopted, closing the server closes the socket.
 */
export function adoptTcpHandle(socket: WindowsSocket): object {
  if (socket.kind === 'dgram') throw new ListenFdError('ERR_LISTENFD_WRONG_TYPE', `socket #${socket.index} is not a valid tcp listener (it is a udp socket)`);
  const { TCP, constants } = internalBinding<HandleBinding>('tcp_wrap');
  const handle = new TCP(constants.SERVER);
  openHandle(handle, socket, 'TCP');
  return handle;
}

/**
 * A libuv UDP handle owning `socket`, for `dgram.createSocket('udp4').bind(handle)` (dgram
 * accepts a UDP handle in place of a port; Node's cluster uses the same path). Throws
 * ERR_LISTENFD_WRONG_TYPE for a stream socket and ERR_LISTENFD_SYSTEM when libuv refuses it.
 */
export function adoptUdpHandle(socket: WindowsSocket): object {
  if (socket.kind === 'stream') throw new ListenFdError('ERR_LISTENFD_WRONG_TYPE', `socket #${socket.index} is not a valid udp socket (it is a tcp listener)`);
  const { UDP } = internalBinding<UdpBinding>('udp_wrap');
  const handle = new UDP();
  openHandle(handle, socket, 'UDP');
  return handle;
}

function openHandle(handle: InternalHandle, socket: WindowsSocket, what: string): void {
  const status = handle.open(socket.socket);
  if (status !== 0) {
    throw new ListenFdError('ERR_LISTENFD_SYSTEM', `cannot adopt socket #${socket.index} as a ${what} handle: ${getSystemErrorName(status)}`);
  }
}

/** closesocket() for a socket that was not adopted. Never throws. */
export function closeWindowsSocket(socket: WindowsSocket): void {
  import('../platform/win32/ws2_32.js').then((ws2) => ws2.closeSocket(socket.socket)).catch(() => {});
}

function parseServerAddress(text: string): { host: string; port: number } | null {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return null;
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  else if (host.includes(':')) return null;
  const portText = text.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 0xffff || isIP(host) === 0) return null;
  return { host, port: Number(portText) };
}

function exchange(target: { host: string; port: number }, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const where = `${target.host}:${target.port}`;
    const socket = connect({ host: target.host, port: target.port, allowHalfOpen: true }, () => socket.end(request));
    const timer = setTimeout(() => socket.destroy(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new ListenFdError('ERR_LISTENFD_SYSTEM', `cannot get sockets from the socket server at ${where}: ${error.message}`, { cause: error }));
    });
    socket.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
  });
}
