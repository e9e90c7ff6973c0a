/**
 * Winsock error codes (WSAGetLastError) → Node-style SystemError, so Windows failures read like
 * `bind EADDRINUSE 127.0.0.1:5000` exactly as Node's own `net` errors do, so users and callers
 * handle both alike.
 * Pure: no koffi here, so it is unit-tested on every platform.
 */

/** WSA code → [Winsock name, the Node/libuv code where one exists]. */
const WSA_CODES: Record<number, readonly [string, string | null]> = {
  10004: ['WSAEINTR', 'EINTR'],
  10009: ['WSAEBADF', 'EBADF'],
  10013: ['WSAEACCES', 'EACCES'],
  10014: ['WSAEFAULT', 'EFAULT'],
  10022: ['WSAEINVAL', 'EINVAL'],
  10024: ['WSAEMFILE', 'EMFILE'],
  10035: ['WSAEWOULDBLOCK', 'EAGAIN'],
  10036: ['WSAEINPROGRESS', 'EINPROGRESS'],
  10037: ['WSAEALREADY', 'EALREADY'],
  10038: ['WSAENOTSOCK', 'ENOTSOCK'],
  10039: ['WSAEDESTADDRREQ', 'EDESTADDRREQ'],
  10040: ['WSAEMSGSIZE', 'EMSGSIZE'],
  10041: ['WSAEPROTOTYPE', 'EPROTOTYPE'],
  10042: ['WSAENOPROTOOPT', 'ENOPROTOOPT'],
  10043: ['WSAEPROTONOSUPPORT', 'EPROTONOSUPPORT'],
  10044: ['WSAESOCKTNOSUPPORT', 'ESOCKTNOSUPPORT'],
  10045: ['WSAEOPNOTSUPP', 'ENOTSUP'],
  10046: ['WSAEPFNOSUPPORT', 'EPFNOSUPPORT'],
  10047: ['WSAEAFNOSUPPORT', 'EAFNOSUPPORT'],
  10048: ['WSAEADDRINUSE', 'EADDRINUSE'],
  10049: ['WSAEADDRNOTAVAIL', 'EADDRNOTAVAIL'],
  10050: ['WSAENETDOWN', 'ENETDOWN'],
  10051: ['WSAENETUNREACH', 'ENETUNREACH'],
  10052: ['WSAENETRESET', 'ENETRESET'],
  10053: ['WSAECONNABORTED', 'ECONNABORTED'],
  10054: ['WSAECONNRESET', 'ECONNRESET'],
  10055: ['WSAENOBUFS', 'ENOBUFS'],
  10056: ['WSAEISCONN', 'EISCONN'],
  10057: ['WSAENOTCONN', 'ENOTCONN'],
  10058: ['WSAESHUTDOWN', 'ESHUTDOWN'],
  10060: ['WSAETIMEDOUT', 'ETIMEDOUT'],
  10061: ['WSAECONNREFUSED', 'ECONNREFUSED'],
  10063: ['WSAENAMETOOLONG', 'ENAMETOOLONG'],
  10064: ['WSAEHOSTDOWN', 'EHOSTDOWN'],
  10065: ['WSAEHOSTUNREACH', 'EHOSTUNREACH'],
  10091: ['WSASYSNOTREADY', null],
  10092: ['WSAVERNOTSUPPORTED', null],
  10093: ['WSANOTINITIALISED', null],
  10107: ['WSASYSCALLFAILURE', null],
};

/** Short texts for the codes users actually meet (the rest get the Winsock name). */
const DESCRIPTIONS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available',
  EACCES: 'permission denied',
  EAFNOSUPPORT: 'address family not supported',
  EINVAL: 'invalid argument',
  ENOTSOCK: 'not a socket',
  EMFILE: 'too many open sockets',
  ENOBUFS: 'no buffer space available',
};

export interface WsaSystemError extends Error {
  /** Node's name (`EADDRINUSE`) where one exists, else the Winsock name (`WSANOTINITIALISED`). */
  code: string;
  /** The Winsock error number (10048...), not a libuv errno. */
  errno: number;
  syscall: string;
  /** The Winsock name, e.g. `WSAEADDRINUSE`. */
  wsaCode: string;
  address?: string;
  port?: number;
}

export function wsaCodeName(errno: number): { wsaCode: string; code: string } {
  const known = WSA_CODES[errno];
  const wsaCode = known?.[0] ?? `WSA${errno}`;
  return { wsaCode, code: known?.[1] ?? wsaCode };
}

/**
 * `syscall` failed with Winsock error `errno`. `address`/`port` are shown like Node does:
 * `bind EADDRINUSE 127.0.0.1:5000` (IPv6 as `[::1]:5000`).
 */
export function wsaError(syscall: string, errno: number, where: { address?: string; port?: number } = {}): WsaSystemError {
  const { wsaCode, code } = wsaCodeName(errno);
  const description = DESCRIPTIONS[code] ?? wsaCode;
  let target = '';
  if (where.address !== undefined) {
    const host = where.address.includes(':') ? `[${where.address}]` : where.address;
    target = where.port === undefined ? ` ${host}` : ` ${host}:${where.port}`;
  }
  const error = new Error(`${syscall} ${code}${target} (${description}, ${wsaCode} ${errno})`) as WsaSystemError;
  error.code = code;
  error.errno = errno;
  error.syscall = syscall;
  error.wsaCode = wsaCode;
  if (where.address !== undefined) error.address = where.address;
  if (where.port !== undefined) error.port = where.port;
  return error;
}
