/**
 * The socket spec grammar `[NAME=][TYPE::]VALUE`, as upstream systemfd's src/fd.rs reads it.
 * Pure: shared by `-s` and `.systemfdrc`. Error texts start with upstream's wording on purpose
 * (they are what users search for) and add the real reason in parentheses where we know it.
 */
import { SocketSpecError } from '../errors.js';
import { parsePort, parseSocketAddress, type IpSocketAddress } from './address.js';

export const SOCKET_KINDS = ['tcp', 'http', 'https', 'unix', 'udp'] as const;
export type SocketKind = (typeof SOCKET_KINDS)[number];
export type IpSocketKind = Exclude<SocketKind, 'unix'>;

interface SpecBase {
  /** The text as given, for error messages. */
  text: string;
  /** LISTEN_FDNAMES entry: the `NAME=` prefix or else the socket type, as systemd names fds. */
  name: string;
}
export interface IpSocketSpec extends SpecBase {
  kind: IpSocketKind;
  address: IpSocketAddress;
}
export interface UnixSocketSpec extends SpecBase {
  kind: 'unix';
  /** The path exactly as given (relative stays relative, as upstream prints it). */
  path: string;
}
export type SocketSpec = IpSocketSpec | UnixSocketSpec;

// Upstream's prefix regex: letters only, non-empty value, `.` not matching a newline.
const TYPE_PREFIX = /^([a-zA-Z]+)::(.+)$/;
// Our addition, so servers can find a socket by name in LISTEN_FDNAMES. A name cannot contain ':' (it is LISTEN_FDNAMES's separator) and
// must start with a letter or '_' so that paths like `./a=b.sock` are never mistaken for names.
const NAME_PREFIX = /^([A-Za-z_][A-Za-z0-9_.-]{0,254})=(.+)$/s;

function loopback(port: number): IpSocketAddress {
  return { family: 4, ip: '127.0.0.1', port, scopeId: 0 };
}

export function parseSocketSpec(input: string): SocketSpec {
  const named = NAME_PREFIX.exec(input);
  const text = named ? (named[2] ?? '') : input;
  const name = named?.[1];
  const typed = TYPE_PREFIX.exec(text);
  if (typed) {
    const kind = typed[1] ?? '';
    const value = typed[2] ?? '';
    if (!(SOCKET_KINDS as readonly string[]).includes(kind)) {
      throw new SocketSpecError(`unknown socket type '${kind}'`);
    }
    if (kind === 'unix') return { kind, text: input, name: name ?? kind, path: value };
    const port = parsePort(value);
    const address = port !== null ? loopback(port) : parseSocketAddress(value);
    if (!address) throw new SocketSpecError(`invalid socket address syntax${why(value, `${kind}::`)}`);
    return { kind: kind as IpSocketKind, text: input, name: name ?? kind, address };
  }
  const port = parsePort(text);
  if (port !== null) return { kind: 'tcp', text: input, name: name ?? 'tcp', address: loopback(port) };
  const address = parseSocketAddress(text);
  if (address) return { kind: 'tcp', text: input, name: name ?? 'tcp', address };
  if (text.includes('/')) return { kind: 'unix', text: input, name: name ?? 'unix', path: text };
  throw new SocketSpecError(`unsupported specification '${text}'. Please provide an explicit socket type${why(text, '')}`);
}

/**
 * Why `value` is not an address, when it looks like one meant as such: a port out of range, or
 * a host name (never resolved, as upstream: a name can resolve to several addresses, and
 * `localhost` to ::1 on one machine and 127.0.0.1 on the next). '' when there is no better guess.
 */
function why(value: string, prefix: string): string {
  const port = /^(?:\[[^\]]*\]:|[^:]*:)?\+?(\d+)$/.exec(value)?.[1];
  if (port !== undefined && Number(port) > 0xffff) return ` (port ${port} is out of range: ports go from 0 to 65535)`;
  const host = /^([A-Za-z][A-Za-z0-9.-]*):(\d+)$/.exec(value);
  if (host) return ` (host names such as '${host[1]}' are not resolved: use ${prefix}127.0.0.1:${host[2]} or ${prefix}[::1]:${host[2]})`;
  return '';
}
