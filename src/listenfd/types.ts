/** Public types of the child library. */

/** What a take asks for; the fd must be a socket of exactly this kind. */
export type SocketKind = 'tcp' | 'udp' | 'unix' | 'unix-datagram';

/**
 * An inherited socket for `server.listen(target)` (net, http, https, http2, Express, Koa, Hono's
 * node server, ...) or `dgram` `socket.bind(target)`. On Linux and macOS it is `{ fd }`, which is
 * also a valid `ListenOptions`/`BindOptions` object; on Windows a TCP listener is `{ handle }`,
 * which `server.listen()` accepts as its handle form.
 */
export type ListenTarget = FdTarget | HandleTarget;

export interface FdTarget {
  fd: number;
  handle?: undefined;
}

export interface HandleTarget {
  /** A libuv TCP handle wrapping the socket duplicated for this process. */
  handle: object;
  fd?: undefined;
}

/** Selects a socket: its position (0 = the first passed socket) or its LISTEN_FDNAMES name. */
export type SocketSelector = number | string;
