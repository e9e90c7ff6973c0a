/**
 * Turns the session's public listening sockets into Node servers the router accepts on. This
 * file is the platform selection point for proxy mode: on POSIX, Node adopts a listening fd with
 * `listen({ fd })`; it gets a duplicate (F_DUPFD, close-on-exec), so closing the Node server
 * and closing the socket set each close their own fd. Windows sockets are SOCKET handles that
 * `listen({ fd })` cannot take, so proxy mode reports that it is not supported there.
 */
import { createServer } from 'node:net';
import { UnsupportedError } from '../errors.js';
import { fcntl, posixConstants } from '../platform/posix/libc.js';
import type { BoundSocket } from '../sockets/socket-set.js';
import type { PublicListener } from './router.js';

/** F_DUPFD is 0 on Linux and macOS alike; the copy gets the lowest free fd >= 3. */
const F_DUPFD = 0;

export async function adoptListeners(sockets: readonly BoundSocket[]): Promise<PublicListener[]> {
  if (process.platform === 'win32') throw new UnsupportedError('--proxy is not supported on Windows yet: the sockets cannot be shared with the proxy');
  const c = posixConstants();
  const listeners: PublicListener[] = [];
  try {
    for (const socket of sockets) {
      const fd = fcntl(socket.handle as number, F_DUPFD, 3);
      fcntl(fd, c.F_SETFD, fcntl(fd, c.F_GETFD) | c.FD_CLOEXEC);
      // pauseOnConnect: a held client's bytes stay in the kernel until it is forwarded.
      const server = createServer({ pauseOnConnect: true, allowHalfOpen: true });
      listeners.push({ server, kind: socket.spec.kind });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ fd }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
    return listeners;
  } catch (error) {
    for (const { server } of listeners) server.close();
    throw error;
  }
}
