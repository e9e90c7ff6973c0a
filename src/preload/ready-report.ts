/**
 * The preload's end of the readiness channel: once, when this process first listens on an
 * inherited socket, it tells systemfd that its generation is ready; when a listen of its own
 * fails (a port systemfd does not hold, such as an inspector's or a second server's), it says
 * which port, so systemfd can explain a generation that dies of it.
 *
 * Each message is one short connection to the launcher's unix socket, unref'd so it never keeps
 * the server alive, with every error ignored: readiness is a courtesy, never a failure.
 */
import { connect } from 'node:net';
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
      const socket = connect(path);
      socket.on('error', () => {});
      socket.unref();
      socket.end(`${JSON.stringify(message)}\n`);
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
