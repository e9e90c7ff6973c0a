/**
 * The preload's end of the readiness channel: once, when this process first listens on an
 * inherited socket, it tells systemfd that its generation is ready; when a listen of its own
 * fails (a port systemfd does not hold, such as an inspector's or a second server's), it says
 * which port, so systemfd can explain a generation that dies of it.
 *
 * Each message is one synchronous write of a short line to the launcher's FIFO (atomic, and out
 * before a crash that may follow), with every error ignored: readiness is a courtesy, never a
 * failure. O_NONBLOCK: if systemfd is gone (no reader), the open fails instead of hanging.
 */
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { READY_ENV, type ReadyMessage } from './contract.js';

export interface ReadyReporter {
  listening(fd: number | null): void;
  listenFailed(error: NodeJS.ErrnoException & { port?: number; address?: string }): void;
}

type Body = { event: 'ready'; fd: number | null } | { event: 'listen-failed'; code: string; port: number | null; address: string | null };

export function createReadyReporter(env: NodeJS.ProcessEnv): ReadyReporter | null {
  const path = env[READY_ENV.SOCKET];
  const generation = Number(env[READY_ENV.GENERATION]);
  if (!path || !Number.isInteger(generation)) return null;
  const send = (body: Body) => {
    const message = { generation, pid: process.pid, ...body } as ReadyMessage;
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      try {
        writeSync(fd, `${JSON.stringify(message)}\n`);
      } finally {
        closeSync(fd);
      }
    } catch {
      // no channel: the launcher falls back on its timeout
    }
  };
  let ready = false;
  return {
    listening: (fd) => {
      if (ready) return;
      ready = true;
      send({ event: 'ready', fd });
    },
    listenFailed: (error) => {
      send({ event: 'listen-failed', code: error.code ?? 'UNKNOWN', port: typeof error.port === 'number' ? error.port : null, address: typeof error.address === 'string' ? error.address : null });
    },
  };
}
