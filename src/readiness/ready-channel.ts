/**
 * The launcher's end of the preload's readiness channel: a FIFO in the run directory. A
 * generation's process writes one JSON line (see preload/contract.ts) naming its generation,
 * synchronously, so even a process that crashes right after it (a failed listen of its own, an
 * uncaught exception) gets its message out. We hold a write end ourselves, so the read end never
 * sees end-of-file between writers. Messages for generations nobody watches are dropped.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import type { GenerationSignals } from '../supervisor/generation.js';
import { mkfifo } from '../platform/posix/fifo.js';
import { parseReadyMessage } from '../preload/contract.js';

const MAX_PENDING_BYTES = 64 * 1024;

export class ReadyChannel {
  readonly path: string;
  readonly #reader: Socket;
  readonly #writeFd: number;
  readonly #watchers = new Map<number, GenerationSignals>();

  constructor(path: string) {
    this.path = path;
    mkfifo(path, 0o600);
    const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    this.#writeFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    // libuv reads a FIFO as a pipe: readable events, no thread blocked on it.
    this.#reader = new Socket({ fd: readFd, readable: true, writable: false });
    this.#reader.unref();
    let pending = '';
    this.#reader.setEncoding('utf8');
    this.#reader.on('error', () => {});
    this.#reader.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = (lines.pop() ?? '').slice(-MAX_PENDING_BYTES);
      for (const line of lines) if (line.trim() !== '') this.#dispatch(line);
    });
  }

  watch(generation: number, signals: GenerationSignals): void {
    this.#watchers.set(generation, signals);
  }

  release(generation: number): void {
    this.#watchers.delete(generation);
  }

  close(): void {
    this.#watchers.clear();
    this.#reader.destroy();
    try {
      closeSync(this.#writeFd);
    } catch {
      // already closed
    }
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
