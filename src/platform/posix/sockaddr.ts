/**
 * sockaddr_in / sockaddr_in6 / sockaddr_un as raw bytes, for bind() and from getsockname().
 * Pure: the platform is an argument, so both layouts are unit-tested anywhere.
 *
 * Layouts (offsets in bytes):
 *   Linux  sockaddr_in   (16): family u16 host order @0, port u16 BE @2, addr[4] @4, zero[8] @8
 *   macOS  sockaddr_in   (16): len u8 @0, family u8 @1, port BE @2, addr[4] @4, zero[8] @8
 *   Linux  sockaddr_in6  (28): family u16 @0, port BE @2, flowinfo u32 BE @4, addr[16] @8,
 *                              scope_id u32 host order @24
 *   macOS  sockaddr_in6  (28): len u8 @0, family u8 @1, then as Linux
 *   Linux  sockaddr_un  (110): family u16 @0, path[108] @2
 *   macOS  sockaddr_un  (106): len u8 @0, family u8 @1, path[104] @2
 * "Host order" is little-endian: every architecture koffi supports is little-endian.
 */
import { formatIpv6, ipv6ToBytes, type IpSocketAddress } from '../ip-address.js';
import { posixConstantsFor, type PosixPlatform } from './constants.js';

/** sizeof(struct sockaddr_storage) on Linux and macOS: large enough for any address. */
export const SOCKADDR_STORAGE_SIZE = 128;
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
/** offsetof(struct sockaddr_un, sun_path) on both platforms. */
const SUN_PATH_OFFSET = 2;

export interface UnixSocketAddress {
  family: 'unix';
  /** The path bytes up to the first NUL, decoded as UTF-8 ('' for an unnamed socket). */
  path: string;
}

export type SocketAddress = IpSocketAddress | UnixSocketAddress;

/** Writes the family header (and sa_len on macOS) at offset 0. */
function writeHeader(buffer: Buffer, platform: PosixPlatform, family: number): void {
  if (posixConstantsFor(platform).SOCKADDR_HAS_LEN) {
    buffer.writeUInt8(buffer.length, 0);
    buffer.writeUInt8(family, 1);
  } else {
    buffer.writeUInt16LE(family, 0);
  }
}

/** The address family of a sockaddr (sa_family), whatever its type. */
export function sockaddrFamily(platform: PosixPlatform, sockaddr: Uint8Array): number {
  if (sockaddr.length < 2) throw new RangeError(`sockaddr too short (${sockaddr.length} bytes)`);
  const bytes = Buffer.from(sockaddr.buffer, sockaddr.byteOffset, sockaddr.byteLength);
  return posixConstantsFor(platform).SOCKADDR_HAS_LEN ? bytes.readUInt8(1) : bytes.readUInt16LE(0);
}

export function encodeSockaddrIn(platform: PosixPlatform, ip: string, port: number): Buffer {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new RangeError(`not an IPv4 address: ${ip}`);
  }
  const buffer = Buffer.alloc(SOCKADDR_IN_SIZE);
  writeHeader(buffer, platform, posixConstantsFor(platform).AF_INET);
  buffer.writeUInt16BE(port, 2);
  buffer.set(octets, 4);
  return buffer;
}

export function encodeSockaddrIn6(platform: PosixPlatform, ip: string, port: number, scopeId = 0, flowInfo = 0): Buffer {
  const buffer = Buffer.alloc(SOCKADDR_IN6_SIZE);
  writeHeader(buffer, platform, posixConstantsFor(platform).AF_INET6);
  buffer.writeUInt16BE(port, 2);
  buffer.writeUInt32BE(flowInfo, 4);
  buffer.set(ipv6ToBytes(ip), 8);
  buffer.writeUInt32LE(scopeId, 24);
  return buffer;
}

export function encodeIpSockaddr(platform: PosixPlatform, address: IpSocketAddress): Buffer {
  return address.family === 4
    ? encodeSockaddrIn(platform, address.ip, address.port)
    : encodeSockaddrIn6(platform, address.ip, address.port, address.scopeId);
}

/**
 * sockaddr_un for `path`, sized offsetof(sun_path) + bytes + 1 (the NUL), which is the length
 * to pass to bind(). Throws RangeError if the path (plus NUL) does not fit sun_path or contains
 * a NUL byte; callers check first to give the user an ENAMETOOLONG (see sockets/unix-path.ts).
 */
export function encodeSockaddrUn(platform: PosixPlatform, path: string): Buffer {
  const pathBytes = Buffer.from(path, 'utf8');
  const { AF_UNIX, SUN_PATH_SIZE } = posixConstantsFor(platform);
  if (pathBytes.includes(0)) throw new RangeError('unix socket path contains a NUL byte');
  if (pathBytes.length + 1 > SUN_PATH_SIZE) {
    throw new RangeError(`unix socket path is ${pathBytes.length} bytes, at most ${SUN_PATH_SIZE - 1} fit`);
  }
  const buffer = Buffer.alloc(SUN_PATH_OFFSET + pathBytes.length + 1);
  writeHeader(buffer, platform, AF_UNIX);
  buffer.set(pathBytes, SUN_PATH_OFFSET);
  return buffer;
}

/** Decodes a sockaddr as returned by getsockname() (already cut to the returned length). */
export function decodeSockaddr(platform: PosixPlatform, sockaddr: Uint8Array): SocketAddress {
  const bytes = Buffer.from(sockaddr.buffer, sockaddr.byteOffset, sockaddr.byteLength);
  const family = sockaddrFamily(platform, bytes);
  const c = posixConstantsFor(platform);
  if (family === c.AF_INET) {
    if (bytes.length < 8) throw new RangeError(`sockaddr_in too short (${bytes.length} bytes)`);
    return { family: 4, ip: Array.from(bytes.subarray(4, 8)).join('.'), port: bytes.readUInt16BE(2), scopeId: 0 };
  }
  if (family === c.AF_INET6) {
    if (bytes.length < SOCKADDR_IN6_SIZE) throw new RangeError(`sockaddr_in6 too short (${bytes.length} bytes)`);
    return { family: 6, ip: formatIpv6(bytes.subarray(8, 24)), port: bytes.readUInt16BE(2), scopeId: bytes.readUInt32LE(24) };
  }
  if (family === c.AF_UNIX) {
    const pathBytes = bytes.subarray(SUN_PATH_OFFSET);
    const end = pathBytes.indexOf(0);
    return { family: 'unix', path: pathBytes.subarray(0, end < 0 ? pathBytes.length : end).toString('utf8') };
  }
  throw new RangeError(`unsupported address family ${family}`);
}

/** getsockname() result as an IP address; throws for unix (or other) sockets. */
export function decodeIpSockaddr(platform: PosixPlatform, sockaddr: Uint8Array): IpSocketAddress {
  const address = decodeSockaddr(platform, sockaddr);
  if (address.family === 'unix') throw new RangeError('expected an IP socket address, got a unix one');
  return address;
}
