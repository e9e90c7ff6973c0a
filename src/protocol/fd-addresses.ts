/**
 * SYSTEMFD_FD_ADDRS: what each passed socket is bound to, in fd order, so the Node preload can
 * match `server.listen(3000)` to an inherited socket without FFI (loading koffi would cost every node process ~8 ms). The launcher encodes
 * it from the sockets it bound; the preload decodes it. Format, one entry per socket joined by
 * `,`: `tcp/127.0.0.1:3000`, `http/[::1]:8080`, `udp/0.0.0.0:5000`, `unix/<percent-encoded
 * absolute path>`. The kind is the spec's (http/https are TCP listeners with a URL label).
 */
import { isAbsolute, resolve } from 'node:path';

export const FD_ADDRS_VAR = 'SYSTEMFD_FD_ADDRS';

export const FD_ADDRESS_KINDS = ['tcp', 'http', 'https', 'udp', 'unix'] as const;
export type FdAddressKind = (typeof FD_ADDRESS_KINDS)[number];

/** The shape of a bound IP address (structurally `IpSocketAddress` of sockets/address.ts). */
export interface FdIpAddress {
  family: 4 | 6;
  ip: string;
  port: number;
  scopeId?: number;
}

export type FdAddress =
  | { kind: Exclude<FdAddressKind, 'unix'>; address: FdIpAddress }
  | { kind: 'unix'; path: string };

/** What the encoder needs from each bound socket; `BoundSocket` of sockets/socket-set.ts fits. */
export interface BoundSocketLike {
  spec: { kind: string; path?: string };
  bound: FdIpAddress | null;
}

/**
 * Encodes the bound sockets (in fd order). Relative unix paths are made absolute against `cwd`
 * (the preload compares them with `path.resolve` in the server's cwd). Throws a TypeError for an
 * IP socket without a bound address: the launcher must pass getsockname()'s result.
 */
export function encodeFdAddresses(sockets: readonly BoundSocketLike[], cwd: string = process.cwd()): Record<string, string> {
  if (sockets.length === 0) return {};
  const entries = sockets.map(({ spec, bound }) => {
    if (spec.kind === 'unix') return `unix/${encodeURIComponent(resolve(cwd, spec.path ?? ''))}`;
    if (!bound) throw new TypeError(`socket of kind ${spec.kind} has no bound address`);
    return `${spec.kind}/${formatAddress(bound)}`;
  });
  return { [FD_ADDRS_VAR]: entries.join(',') };
}

function formatAddress({ family, ip, port, scopeId }: FdIpAddress): string {
  if (family === 4) return `${ip}:${port}`;
  return `[${ip}${scopeId ? `%${scopeId}` : ''}]:${port}`;
}

/**
 * Decodes SYSTEMFD_FD_ADDRS. Returns null when the variable is absent, malformed, or does not
 * describe exactly `count` sockets (a stale value from another systemfd must never be trusted).
 */
export function decodeFdAddresses(env: NodeJS.ProcessEnv, count: number): FdAddress[] | null {
  const text = env[FD_ADDRS_VAR];
  if (text === undefined || text === '') return null;
  const entries = text.split(',');
  if (entries.length !== count) return null;
  const decoded: FdAddress[] = [];
  for (const entry of entries) {
    const item = decodeEntry(entry);
    if (!item) return null;
    decoded.push(item);
  }
  return decoded;
}

function decodeEntry(entry: string): FdAddress | null {
  const slash = entry.indexOf('/');
  const kind = entry.slice(0, slash);
  const value = entry.slice(slash + 1);
  if (slash < 0 || !(FD_ADDRESS_KINDS as readonly string[]).includes(kind)) return null;
  if (kind === 'unix') {
    try {
      const path = decodeURIComponent(value);
      return isAbsolute(path) ? { kind, path } : null;
    } catch {
      return null;
    }
  }
  const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3})|\[([0-9A-Fa-f:.]+)(?:%(\d+))?\]):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const port = Number(match[4]);
  if (port > 0xffff) return null;
  const address: FdIpAddress = match[1] !== undefined
    ? { family: 4, ip: match[1], port }
    : { family: 6, ip: match[2] ?? '', port, scopeId: Number(match[3] ?? 0) };
  return { kind: kind as Exclude<FdAddressKind, 'unix'>, address };
}

/** The info-line label of a socket, as systemfd prints it (the info line's wording). */
export function describeFdAddress(item: FdAddress): string {
  if (item.kind === 'unix') return `${item.path} (unix listener)`;
  const text = formatAddress(item.address);
  switch (item.kind) {
    case 'http':
      return `http://${text}/`;
    case 'https':
      return `https://${text}/`;
    case 'udp':
      return `${text} (udp)`;
    case 'tcp':
      return `${text} (tcp listener)`;
  }
}
