/**
 * SOCKADDR_IN / SOCKADDR_IN6 as Winsock lays them out (ws2def.h / ws2ipdef.h). Pure byte
 * handling, unit-tested anywhere; text ↔ address conversion stays in sockets/.
 *
 *   sockaddr_in   16 bytes: sin_family u16 (host order, LE) | sin_port u16 (network order, BE)
 *                           | sin_addr 4 bytes | sin_zero 8 bytes
 *   sockaddr_in6  28 bytes: sin6_family u16 LE | sin6_port u16 BE | sin6_flowinfo u32
 *                           | sin6_addr 16 bytes | sin6_scope_id u32 (host order, LE)
 * AF_INET6 is 23 on Windows (10 on Linux).
 */
import { AF_INET, AF_INET6 } from './protocol-info.js';

export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
/** SOCKADDR_STORAGE: large enough for any address getsockname may return. */
export const SOCKADDR_STORAGE_SIZE = 128;

export interface RawSocketAddress {
  family: 4 | 6;
  /** 4 or 16 address bytes in network order. */
  ip: Uint8Array;
  port: number;
  /** IPv6 scope id (0 for IPv4). */
  scopeId: number;
}

export function encodeSockaddr({ family, ip, port, scopeId }: RawSocketAddress): Buffer {
  if (family === 4) {
    if (ip.length !== 4) throw new RangeError('an IPv4 address has 4 bytes');
    const buffer = Buffer.alloc(SOCKADDR_IN_SIZE);
    buffer.writeUInt16LE(AF_INET, 0);
    buffer.writeUInt16BE(port, 2);
    buffer.set(ip, 4);
    return buffer;
  }
  if (ip.length !== 16) throw new RangeError('an IPv6 address has 16 bytes');
  const buffer = Buffer.alloc(SOCKADDR_IN6_SIZE);
  buffer.writeUInt16LE(AF_INET6, 0);
  buffer.writeUInt16BE(port, 2);
  buffer.set(ip, 8);
  buffer.writeUInt32LE(scopeId, 24);
  return buffer;
}

/** Decodes what getsockname() wrote (`length` = the returned namelen). */
export function decodeSockaddr(buffer: Buffer, length: number): RawSocketAddress {
  const family = length >= 2 ? buffer.readUInt16LE(0) : -1;
  if (family === AF_INET && length >= SOCKADDR_IN_SIZE) {
    return { family: 4, ip: Uint8Array.from(buffer.subarray(4, 8)), port: buffer.readUInt16BE(2), scopeId: 0 };
  }
  if (family === AF_INET6 && length >= SOCKADDR_IN6_SIZE) {
    return { family: 6, ip: Uint8Array.from(buffer.subarray(8, 24)), port: buffer.readUInt16BE(2), scopeId: buffer.readUInt32LE(24) };
  }
  throw new RangeError(`unexpected socket address family ${family} (${length} bytes)`);
}
