/**
 * Keep-alive HTTP load with raw sockets: each client sends one GET, waits for the whole answer
 * (headers + Content-Length body), sends the next, on one connection. Raw sockets rather than
 * http.Agent so the load generator is cheap enough not to be what is measured.
 */
import { connect, type Socket } from 'node:net';

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nHost: bench\r\n\r\n');

export interface KeepAliveResult { requests: number; errors: number; elapsedMs: number; latenciesMs: number[] }

/** Runs `clients` keep-alive connections for `durationMs`; latencies of every request. */
export async function keepAliveLoad(port: number, { clients, durationMs }: { clients: number; durationMs: number }): Promise<KeepAliveResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, () =>
      new Promise<void>((resolve) => {
        const socket: Socket = connect({ host: '127.0.0.1', port });
        socket.setNoDelay(true);
        let buffer: Buffer = Buffer.alloc(0);
        let sentAt = 0;
        const send = () => {
          if (performance.now() >= deadline) {
            socket.destroy();
            resolve();
            return;
          }
          sentAt = performance.now();
          socket.write(REQUEST);
        };
        socket.on('connect', send);
        socket.on('data', (chunk: Buffer) => {
          buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
          for (;;) {
            const end = buffer.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buffer.subarray(0, end).toString('latin1');
            const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
            if (buffer.length < end + 4 + length) return;
            buffer = buffer.subarray(end + 4 + length);
            latenciesMs.push(performance.now() - sentAt);
            send();
          }
        });
        socket.on('error', () => {
          errors++;
          resolve();
        });
        socket.on('close', () => resolve());
      }),
    ),
  );
  return { requests: latenciesMs.length, errors, elapsedMs: performance.now() - started, latenciesMs };
}
