// A TypeScript user of the child library, compiled with `strict` against the built .d.ts files
// (test/unit/listenfd/consumer-types.test.ts). `.mts` keeps it out of the repository's own build.
import dgram from 'node:dgram';
import http from 'node:http';
import net from 'node:net';
import * as root from 'systemfd';
import {
  bind,
  listen,
  listenFds,
  listenFdsSync,
  ListenFdError,
  ListenFds,
  type BindResult,
  type FdTarget,
  type ListenFdErrorCode,
  type ListenResult,
  type ListenTarget,
  type SocketKind,
} from 'systemfd/listenfd';

const fds: ListenFds = await listenFds();
const count: number = fds.length;
const names: readonly string[] = fds.names;
const index: number | null = fds.indexOf('web');

// Every take returns something server.listen() / dgram bind() accept, or null.
const tcp: ListenTarget | null = fds.takeTcpListener('web');
if (tcp) http.createServer().listen(tcp);
const unix: FdTarget | null = fds.takeUnixListener(1);
if (unix) net.createServer().listen(unix, () => {});
const udp = fds.takeUdpSocket(2);
if (udp) dgram.createSocket('udp4').bind(udp);
const raw: number | null = fds.takeRawFd(3);

// The helpers with a fallback for running without systemfd.
const served: ListenResult = await listen(http.createServer(), { fallbackPort: 3000, fallbackHost: '127.0.0.1' });
const inherited: boolean = served.inherited;
const bound: BindResult = await bind(dgram.createSocket('udp6'), { socket: 'dns', fallbackPort: 5353 });
const port: number = bound.address.port;

try {
  listenFdsSync().takeUdpSocket(0);
} catch (error) {
  if (error instanceof ListenFdError) {
    const code: ListenFdErrorCode = error.code;
    const fd: number | undefined = error.fd;
    void [code, fd];
  }
}

const kind: SocketKind = 'unix-datagram';
const empty: ListenFds = ListenFds.empty();
const same: typeof listenFds = root.listenFds;

// @ts-expect-error a selector is a position or a name
fds.takeTcpListener(true);
// @ts-expect-error not a socket kind
const bad: SocketKind = 'sctp';

void [count, names, index, raw, inherited, port, kind, empty, same, bad];
