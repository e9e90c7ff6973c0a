/**
 * The launcher's end of the preload's readiness channel: a unix stream socket in the run
 * directory. Each connection carries one JSON line (see preload/contract.ts) naming its
 * generation; messages for generations nobody watches (any more) are dropped.
 */
import { createServer, type Server } from 'node:net';
import type { GenerationSignals } from '../supervisor/generation.js';
import { parseReadyMessage } from '../preload/contract.js';

const MAX_LINE_BYTES = 4096;

export class ReadyChannel {
  readonly path: string;
  readonly #server: Server;
  readonly #watchers = new Map<number, GenerationSignals>();

  private constructor(path: string, server: Server) {
    this.path = path;
    this.#server = server;
  }

  static async listen(path: string): Promise<ReadyChannel> {
    const server = createServer();
    const channel = new ReadyChannel(path, server);
    server.on('connection', (socket) => {
      let text = '';
      socket.setEncoding('utf8');
      socket.on('error', () => {});
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_LINE_BYTES) socket.destroy();
      });
      socket.on('end', () => {
        for (const line of text.split('\n')) if (line.trim() !== '') channel.#dispatch(line);
        socket.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    server.unref();
    return channel;
  }

  watch(generation: number, signals: GenerationSignals): void {
    this.#watchers.set(generation, signals);
  }

  release(generation: number): void {
    this.#watchers.delete(generation);
  }

  close(): Promise<void> {
    this.#watchers.clear();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #dispatch(line: string): void {
    const message = parseReadyMessage(line);
    if (!message) return;
    const signals = this.#watchers.get(message.generation);
    if (!signals) return;
    if (message.event === 'ready') signals.ready('preload');
    else signals.listenFailed({ code: message.code, port: message.port, address: message.address });
  }
}
