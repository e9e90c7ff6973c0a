/**
 * IP addresses as bytes and back: the part of address handling that sockaddr encoding needs.
 * It lives here, below both the socket layer and the FFI bindings, so that platform/ depends on
 * nothing but Node and koffi. Rust-compatible parsing of socket-address text stays in
 * sockets/address.ts.
 */

export interface IpSocketAddress {
  family: 4 | 6;
  /** Textual IP without brackets or scope, e.g. `127.0.0.1`, `::1`. */
  ip: string;
  port: number;
  /** IPv6 scope id (numeric only, as Rust accepts); 0 when absent. */
  scopeId: number;
}

/** 16 bytes of an IPv6 text address (already validated by `isIPv6`). */
export function ipv6ToBytes(ip: string): Buffer {
  let text = ip;
  const bytes = Buffer.alloc(16);
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = text.slice(lastColon + 1).split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [headText = '', tailText] = text.split('::');
  const head = headText === '' ? [] : headText.split(':');
  const tail = tailText === undefined || tailText === '' ? [] : tailText.split(':');
  const groups = tailText === undefined ? head : [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail];
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  if (tailV4.length === 4) tailV4.forEach((octet, i) => (bytes[12 + i] = octet));
  return bytes;
}

/**
 * RFC 5952 text like Rust's `Ipv6Addr` Display: lower-case hex, the longest run of two or
 * more zero groups compressed (first one on a tie), IPv4-mapped shown as `::ffff:a.b.c.d`.
 */
export function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
