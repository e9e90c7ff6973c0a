/**
 * Winsock through koffi (ws2_32.dll), loaded on first use so that importing this module never
 * loads koffi (only the platform selector files decide to load it, so it never
 * loads off Windows). Every raw call is
 * wrapped: its result is checked and a failure becomes a Node-style SystemError built from
 * WSAGetLastError(), read immediately after the failing call (nothing else runs in between:
 * koffi calls are synchronous on this thread).
 *
 * Type assumptions (Windows x64, the only Windows target of koffi's win32-x64 binary):
 *  - SOCKET is UINT_PTR, declared `uint64`. koffi returns a JS number for ordinary handle values
 *    and a BigInt for INVALID_SOCKET (~0). We expose sockets as plain numbers: Windows handle
 *    values are small multiples of 4, far below 2^53.
 *  - Struct arguments are passed as raw Buffers (`uint8_t *`) of the documented sizes:
 *    WSADATA 408 bytes (we give 512), sockaddr_in 16, sockaddr_in6 28, SOCKADDR_STORAGE 128,
 *    WSAPROTOCOL_INFOW 628. So the protocol info crosses the RPC byte for byte.
 *  - All functions are WINAPI (__stdcall; the same as the x64 calling convention).
 */
import { createRequire } from 'node:module';
import { WSAPROTOCOL_INFOW_SIZE } from './protocol-info.js';
import { SOCKADDR_STORAGE_SIZE, decodeSockaddr, encodeSockaddr, type RawSocketAddress } from './sockaddr.js';
import { wsaError } from './wsa-error.js';

type Koffi = typeof import('koffi');
type KoffiFunction = ReturnType<ReturnType<Koffi['load']>['func']>;

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const SOL_SOCKET = 0xffff;
export const SO_REUSEADDR = 0x0004;
/** SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR. */
export const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
/** WSASocketW's "take af/type/protocol from the WSAPROTOCOL_INFOW" marker. */
const FROM_PROTOCOL_INFO = -1;
/** Overlapped I/O: libuv's IOCP-based event loop needs it. */
const WSA_FLAG_OVERLAPPED = 0x01;
/** The parent's sockets must not leak into the command by handle inheritance (upstream
 *  socket2 does the same); the command gets them only through WSADuplicateSocketW. */
const WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
const INVALID_SOCKET = 0xffffffffffffffffn;
const SOCKET_ERROR = -1;
const WINSOCK_2_2 = 0x0202;
const WSADATA_BUFFER_SIZE = 512; // sizeof(WSADATA) is 408 on x64

interface Ws2 {
  WSAStartup: KoffiFunction;
  WSACleanup: KoffiFunction;
  WSAGetLastError: KoffiFunction;
  WSASocketW: KoffiFunction;
  WSADuplicateSocketW: KoffiFunction;
  setsockopt: KoffiFunction;
  bind: KoffiFunction;
  listen: KoffiFunction;
  getsockname: KoffiFunction;
  closesocket: KoffiFunction;
}

let ws2: Ws2 | null = null;

function load(): Ws2 {
  if (ws2) return ws2;
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  const lib = koffi.load('ws2_32.dll');
  const S = 'uint64'; // SOCKET (UINT_PTR)
  ws2 = {
    // lpWSAData: WSADATA out-buffer.
    WSAStartup: lib.func('int __stdcall WSAStartup(uint16_t wVersionRequested, _Out_ uint8_t *lpWSAData)'),
    WSACleanup: lib.func('int __stdcall WSACleanup()'),
    WSAGetLastError: lib.func('int __stdcall WSAGetLastError()'),
    // lpProtocolInfo: NULL or a 628-byte WSAPROTOCOL_INFOW; g: GROUP (unsigned int).
    WSASocketW: lib.func(`${S} __stdcall WSASocketW(int af, int type, int protocol, const uint8_t *lpProtocolInfo, uint32_t g, uint32_t dwFlags)`),
    // lpProtocolInfo: 628-byte out-buffer.
    WSADuplicateSocketW: lib.func(`int __stdcall WSADuplicateSocketW(${S} s, uint32_t dwProcessId, _Out_ uint8_t *lpProtocolInfo)`),
    // optval: a 4-byte int (BOOL/DWORD options).
    setsockopt: lib.func(`int __stdcall setsockopt(${S} s, int level, int optname, const uint8_t *optval, int optlen)`),
    // name: sockaddr_in (16) or sockaddr_in6 (28).
    bind: lib.func(`int __stdcall bind(${S} s, const uint8_t *name, int namelen)`),
    listen: lib.func(`int __stdcall listen(${S} s, int backlog)`),
    // name: SOCKADDR_STORAGE (128) out-buffer; namelen: in/out int.
    getsockname: lib.func(`int __stdcall getsockname(${S} s, _Out_ uint8_t *name, _Inout_ int *namelen)`),
    closesocket: lib.func(`int __stdcall closesocket(${S} s)`),
  };
  return ws2;
}

function lastError(syscall: string, where?: { address?: string; port?: number }): Error {
  return wsaError(syscall, load().WSAGetLastError() as number, where);
}

function toSocket(value: number | bigint, syscall: string): number {
  if (typeof value === 'bigint') {
    if (value === INVALID_SOCKET) throw lastError(syscall);
    return Number(value);
  }
  return value;
}

/** WSAStartup(2.2). Reference-counted by Winsock: pair each call with `cleanup()`. */
export function startup(): void {
  const data = Buffer.alloc(WSADATA_BUFFER_SIZE);
  // WSAStartup returns the error code itself (WSAGetLastError is not usable before it).
  const rc = load().WSAStartup(WINSOCK_2_2, data) as number;
  if (rc !== 0) throw wsaError('WSAStartup', rc);
}

export function cleanup(): void {
  if (load().WSACleanup() === SOCKET_ERROR) throw lastError('WSACleanup');
}

/** A new overlapped, non-inheritable socket. */
export function createSocket(family: 4 | 6, kind: 'stream' | 'dgram'): number {
  const af = family === 4 ? 2 : 23;
  const [type, protocol] = kind === 'stream' ? [SOCK_STREAM, IPPROTO_TCP] : [SOCK_DGRAM, IPPROTO_UDP];
  return toSocket(load().WSASocketW(af, type, protocol, null, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT), 'WSASocketW');
}

/** setsockopt with a 4-byte int value. */
export function setIntOption(socket: number, level: number, name: number, value: number, syscallLabel = 'setsockopt'): void {
  const optval = Buffer.alloc(4);
  optval.writeInt32LE(value, 0);
  if (load().setsockopt(socket, level, name, optval, 4) === SOCKET_ERROR) throw lastError(syscallLabel);
}

/** `where` only labels the error (`bind EADDRINUSE 127.0.0.1:5000`). */
export function bindSocket(socket: number, address: RawSocketAddress, where: { address: string; port: number }): void {
  const name = encodeSockaddr(address);
  if (load().bind(socket, name, name.length) === SOCKET_ERROR) throw lastError('bind', where);
}

export function listenSocket(socket: number, backlog: number, where: { address: string; port: number }): void {
  if (load().listen(socket, backlog) === SOCKET_ERROR) throw lastError('listen', where);
}

export function getSocketName(socket: number): RawSocketAddress {
  const name = Buffer.alloc(SOCKADDR_STORAGE_SIZE);
  const length = [SOCKADDR_STORAGE_SIZE];
  if (load().getsockname(socket, name, length) === SOCKET_ERROR) throw lastError('getsockname');
  return decodeSockaddr(name, length[0] ?? 0);
}

/**
 * WSADuplicateSocketW(socket, pid): the 628-byte WSAPROTOCOL_INFOW that lets process `pid`
 * open its own handle to the same socket. Real Windows requires `socket` to stay open until
 * the target has called WSASocketW (Wine does not care, so the Wine suite cannot prove it).
 */
export function duplicateSocket(socket: number, pid: number): Buffer {
  const info = Buffer.alloc(WSAPROTOCOL_INFOW_SIZE);
  if (load().WSADuplicateSocketW(socket, pid, info) === SOCKET_ERROR) throw lastError('WSADuplicateSocketW');
  return info;
}

/**
 * The child's side of the duplication: WSASocketW(FROM_PROTOCOL_INFO x3, info, 0,
 * WSA_FLAG_OVERLAPPED), exactly what listenfd calls.
 */
export function socketFromProtocolInfo(info: Uint8Array): number {
  if (info.length !== WSAPROTOCOL_INFOW_SIZE) throw new RangeError(`WSAPROTOCOL_INFOW must be ${WSAPROTOCOL_INFOW_SIZE} bytes`);
  return toSocket(load().WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, info, 0, WSA_FLAG_OVERLAPPED), 'WSASocketW');
}

export function closeSocket(socket: number): void {
  if (load().closesocket(socket) === SOCKET_ERROR) throw lastError('closesocket');
}
