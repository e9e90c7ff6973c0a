/**
 * Private loopback ports for a generation, picked by the kernel: bind 127.0.0.1:0, read the
 * port, close. All of a generation's ports are held open together until each is known, so they
 * are distinct. Between our close and the server's bind another process could take the port;
 * on a loopback used by a dev machine that window is a few milliseconds, and a server that then
 * fails with EADDRINUSE is reported like any other crash.
 */
import { createServer, type Server } from 'node:net';

export async function allocatePrivatePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
            const address = server.address();
            if (address === null || typeof address === 'string') reject(new Error('no port from the kernel'));
            else resolve(address.port);
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}
