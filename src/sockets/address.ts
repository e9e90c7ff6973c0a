/**
 * IP socket addresses with Rust std semantics (`SocketAddr::from_str` and `Display`), because
 * systemfd's grammar is Rust's: `1.2.3.4:80`, `[::1]:80`, `[fe80::1%2]:80`; never host names.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface IpSocketAddress {
  family: 4 | 6;
  /** Textual IP without brackets or scope, e.g. `127.0.0.1`, `::1`. */
  ip: string;
  port: number;
  /** IPv6 scope id (numeric only, as Rust accepts); 0 when absent. */
  scopeId: number;
}

/** Rust `u16::from_str`: optional `+`, decimal digits (leading zeros fine), at most 65535. */
export function parsePort(text: string): number | null {
  const match = /^\+?([0-9]+)$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  return value <= 0xffff ? value : null;
}

/** The port inside a socket address: digits only (no sign), leading zeros allowed. */
function parseAddressPort(text: string): number | null {
  if (!/^[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return value <= 0xffff ? value : null;
}

/** Rust's Ipv4Addr parser: four decimal octets, no leading zeros, each 0..255. */
function isRustIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255);
}

/** Parses `a.b.c.d:port` or `[v6(%scope)?]:port`; null when it is not one. */
export function parseSocketAddress(text: string): IpSocketAddress | null {
  if (text.startsWith('[')) {
    const match = /^\[([^\]%]+)(?:%([0-9]+))?\]:([^:]*)$/.exec(text);
    if (!match) return null;
    const [, ip = '', scope, portText = ''] = match;
    const port = parseAddressPort(portText);
    if (port === null || !isIPv6(ip) || !isRustIpv6Text(ip)) return null;
    const scopeId = scope === undefined ? 0 : Number(scope);
    if (scopeId > 0xffffffff) return null;
    return { family: 6, ip: formatIpv6(ipv6ToBytes(ip)), port, scopeId };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return null;
  const ip = text.slice(0, colon);
  const port = parseAddressPort(text.slice(colon + 1));
  if (port === null || !isRustIpv4(ip) || !isIPv4(ip)) return null;
  return { family: 4, ip, port, scopeId: 0 };
}

/** Rust rejects embedded IPv4 with leading zeros and hex groups longer than 4 digits. */
function isRustIpv6Text(ip: string): boolean {
  const tail = ip.slice(ip.lastIndexOf(':') + 1);
  if (tail.includes('.') && !isRustIpv4(tail)) return false;
  return ip.split(':').every((group) => group.includes('.') || group.length <= 4);
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

/** Rust `SocketAddr` Display: `1.2.3.4:80`, `[::1]:80`, `[fe80::1%2]:80`. */
export function formatSocketAddress(address: IpSocketAddress): string {
  if (address.family === 4) return `${address.ip}:${address.port}`;
  const scope = address.scopeId ? `%${address.scopeId}` : '';
  return `[${address.ip}${scope}]:${address.port}`;
}
