/** The info lines printed once all sockets exist, before the command starts (the original's format, which users know). */
import type { Reporter } from '../log/reporter.js';
import type { SocketSet } from '../sockets/socket-set.js';

export function announceSockets(reporter: Reporter, sockets: SocketSet): void {
  if (sockets.sockets.length === 0) {
    reporter.warn('no sockets created');
    return;
  }
  sockets.sockets.forEach((socket, index) => {
    reporter.info(`socket ${socket.description} -> fd #${sockets.childHandleLabel(index)}`);
  });
}
