/**
 * The Windows hand-off server, wire compatible with Rust's listenfd and watchexec.
 *
 * Theory of operation: a `node:net` server on 127.0.0.1, random port. Each client connects,
 * writes `SECRET|PID`, half-closes, and reads to end of stream. For a valid request the server
 * asks `duplicate(index, pid)` for one 628-byte WSAPROTOCOL_INFOW per socket, in spec order,
 * writes them back to back and closes. Anything else (wrong secret, bad pid, garbage, a request
 * too long, a client too slow, a reset, a failed duplication) closes that one connection with
 * nothing sent, reports it through `onClientRejected`, and the server goes on serving.
 *
 * Unlike upstream (one client at a time, and a panic on the first bad client ends socket
 * passing for the session), clients are served concurrently, each with an
 * absolute deadline, so neither a flood of bad clients nor a slow-loris client can stop a good
 * one. The duplication is a callback so this whole file is tested on Linux.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { MAX_RPC_REQUEST_BYTES, formatUuid, generateSecret, parseRpcRequest } from '../protocol/rpc-message.js';
import { WSAPROTOCOL_INFOW_SIZE } from '../platform/win32/protocol-info.js';

export type RpcRejectReason = 'bad-request' | 'too-long' | 'timeout' | 'connection-error' | 'duplicate-failed';

export interface RpcClientRejected {
  reason: RpcRejectReason;
  /** Remote address of the client, e.g. `127.0.0.1:50123`. */
  remote: string;
  /** The pid asked for, when the request itself was valid. */
  pid?: number;
  error?: unknown;
}

export interface RpcServedClient {
  remote: string;
  pid: number;
  count: number;
}

export interface RpcServerOptions {
  /** WSADuplicateSocketW for socket `index` into process `pid`; 628 bytes. May throw. */
  duplicate: (index: number, pid: number) => Uint8Array;
  /** Number of sockets; indexes 0..count-1 are duplicated in this order. */
  count: number;
  /** Secret to require (any UUID form); a fresh UUID v4 when omitted. */
  secret?: string;
  /** Whole-connection deadline: request read, reply written. Default 10 s. */
  timeoutMs?: number;
  /** Request size limit; default MAX_RPC_REQUEST_BYTES (the longest valid request). */
  maxRequestBytes?: number;
  onClientRejected?: (event: RpcClientRejected) => void;
  onClientServed?: (event: RpcServedClient) => void;
}

export interface RpcServer {
  /** `127.0.0.1:<port>`: the SYSTEMFD_SOCKET_SERVER value. */
  readonly address: string;
  /** Lower-case hyphenated UUID: the SYSTEMFD_SOCKET_SECRET value. */
  readonly secret: string;
  /** Stop listening and drop every open client connection. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const { duplicate, count, timeoutMs = DEFAULT_TIMEOUT_MS, maxRequestBytes = MAX_RPC_REQUEST_BYTES } = options;
  const secret = formatUuid(options.secret ?? generateSecret());
  if (secret === null) throw new TypeError('the RPC secret must be a UUID');
  const connections = new Set<Socket>();

  const server = createServer({ allowHalfOpen: true }, (connection) => {
    connections.add(connection);
    const remote = `${connection.remoteAddress ?? '?'}:${connection.remotePort ?? '?'}`;
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (rejection?: Omit<RpcClientRejected, 'remote'>, reply?: Buffer) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      if (rejection) {
        // Nothing is written: a rejected client only ever sees the connection close.
        connection.destroy();
        options.onClientRejected?.({ ...rejection, remote });
      } else {
        connection.end(reply ?? Buffer.alloc(0));
      }
    };
    const deadline = setTimeout(() => finish({ reason: 'timeout' }), timeoutMs);
    deadline.unref();
    connection.on('close', () => {
      connections.delete(connection);
      clearTimeout(deadline);
    });
    connection.on('error', (error) => finish({ reason: 'connection-error', error }));
    connection.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxRequestBytes) return finish({ reason: 'too-long' });
      chunks.push(chunk);
    });
    connection.on('end', () => {
      if (finished) return;
      const pid = parseRpcRequest(Buffer.concat(chunks), secret);
      if (pid === null) return finish({ reason: 'bad-request' });
      let reply: Buffer;
      try {
        reply = Buffer.concat(Array.from({ length: count }, (_, index) => checkInfo(duplicate(index, pid))));
      } catch (error) {
        // One failed duplication (a pid that exited, a bogus pid) only costs this client.
        return finish({ reason: 'duplicate-failed', pid, error });
      }
      finish(undefined, reply);
      options.onClientServed?.({ remote, pid, count });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the secret is the only authorisation, so never expose it.
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A failing accept must not crash the parent; with the listener up there is nothing to do.
  server.on('error', () => {});
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | null = null;
  return {
    address: `127.0.0.1:${port}`,
    secret,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.destroy();
      });
      return closing;
    },
  };
}

function checkInfo(info: Uint8Array): Buffer {
  if (info.length !== WSAPROTOCOL_INFOW_SIZE) throw new RangeError(`duplicate() returned ${info.length} bytes, expected ${WSAPROTOCOL_INFOW_SIZE}`);
  return Buffer.from(info.buffer, info.byteOffset, info.length);
}
