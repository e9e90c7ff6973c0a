/**
 * IP socket addresses with Rust std semantics (`SocketAddr::from_str` and `Display`), because
 * systemfd's grammar is Rust's: `1.2.3.4:80`, `[::1]:80`, `[fe80::1%2]:80`; never host names.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { formatIpv6, ipv6ToBytes, type IpSocketAddress } from '../platform/ip-address.js';

export { formatIpv6, ipv6ToBytes, type IpSocketAddress };

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

/** Rust `SocketAddr` Display: `1.2.3.4:80`, `[::1]:80`, `[fe80::1%2]:80`. */
export function formatSocketAddress(address: IpSocketAddress): string {
  if (address.family === 4) return `${address.ip}:${address.port}`;
  const scope = address.scopeId ? `%${address.scopeId}` : '';
  return `[${address.ip}${scope}]:${address.port}`;
}
