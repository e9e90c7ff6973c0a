/**
 * WSAPROTOCOL_INFOW, the struct the Windows hand-off sends: the wire format that Rust's listenfd
 * and watchexec read, so it must be byte for byte what Winsock writes.
 *
 * Layout on x64 (winsock2.h), 628 bytes, no padding:
 *   0   dwServiceFlags1..4       4 x u32
 *   16  dwProviderFlags          u32
 *   20  ProviderId               GUID (16)
 *   36  dwCatalogEntryId         u32
 *   40  ProtocolChain            WSAPROTOCOLCHAIN: ChainLen i32 + ChainEntries[7] u32 (32)
 *   72  iVersion                 i32
 *   76  iAddressFamily           i32   (AF_INET 2, AF_INET6 23)
 *   80  iMaxSockAddr, 84 iMinSockAddr
 *   88  iSocketType              i32   (SOCK_STREAM 1, SOCK_DGRAM 2)
 *   92  iProtocol                i32   (IPPROTO_TCP 6, IPPROTO_UDP 17)
 *   96  iProtocolMaxOffset, 100 iNetworkByteOrder, 104 iSecurityScheme,
 *   108 dwMessageSize, 112 dwProviderReserved
 *   116 szProtocol               WCHAR[256] (512)
 * The server sends these bytes verbatim, one per socket, with no header or count; the client
 * divides the byte count by the size.
 */

export const WSAPROTOCOL_INFOW_SIZE = 628;

export const AF_INET = 2;
export const AF_INET6 = 23;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;

/**
 * Splits an RPC reply into one Buffer per socket (views into `reply`, in spec order).
 * Throws a RangeError when the length is not a multiple of 628: such a reply comes from a
 * server with another struct size (a 32-bit build) or was cut short, and guessing is worse
 * than failing. (listenfd silently ignores a trailing partial struct.)
 */
export function splitProtocolInfos(reply: Uint8Array): Buffer[] {
  if (reply.length % WSAPROTOCOL_INFOW_SIZE !== 0) {
    throw new RangeError(`socket server reply of ${reply.length} bytes is not a multiple of ${WSAPROTOCOL_INFOW_SIZE} (WSAPROTOCOL_INFOW)`);
  }
  const buffer = Buffer.from(reply.buffer, reply.byteOffset, reply.length);
  return Array.from({ length: reply.length / WSAPROTOCOL_INFOW_SIZE }, (_, i) =>
    buffer.subarray(i * WSAPROTOCOL_INFOW_SIZE, (i + 1) * WSAPROTOCOL_INFOW_SIZE));
}

export interface ProtocolInfoSummary {
  addressFamily: number;
  socketType: number;
  protocol: number;
}

/** The fields a client needs to decide how to adopt a socket (stream vs datagram, family). */
export function readProtocolInfo(info: Uint8Array): ProtocolInfoSummary {
  if (info.length !== WSAPROTOCOL_INFOW_SIZE) throw new RangeError(`WSAPROTOCOL_INFOW must be ${WSAPROTOCOL_INFOW_SIZE} bytes, got ${info.length}`);
  const view = new DataView(info.buffer, info.byteOffset, info.length);
  return {
    addressFamily: view.getInt32(76, true),
    socketType: view.getInt32(88, true),
    protocol: view.getInt32(92, true),
  };
}
