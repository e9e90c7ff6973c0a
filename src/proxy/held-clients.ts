/**
 * Clients accepted while no generation is ready: paused sockets (their bytes wait in the
 * kernel), each with the deadline of the hold bound. A client that closes while held is simply
 * forgotten; one that reaches the bound is handed to `onTimeout` to be answered.
 */
import type { Socket } from 'node:net';

export interface HeldClient {
  socket: Socket;
  listener: number;
  /** When it was accepted: a client held again after a refusal keeps its first deadline. */
  since: number;
}

interface Entry extends HeldClient {
  timer: NodeJS.Timeout;
  onClose: () => void;
}

export class HeldClients {
  readonly #entries = new Set<Entry>();
  readonly #timeoutMs: number;
  readonly #onTimeout: (client: HeldClient) => void;

  constructor({ timeoutMs, onTimeout }: { timeoutMs: number; onTimeout: (client: HeldClient) => void }) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
  }

  get size(): number {
    return this.#entries.size;
  }

  hold(client: HeldClient): void {
    const remaining = Math.max(0, client.since + this.#timeoutMs - Date.now());
    const entry: Entry = {
      ...client,
      timer: setTimeout(() => {
        this.#forget(entry);
        this.#onTimeout(client);
      }, remaining),
      onClose: () => this.#forget(entry),
    };
    entry.timer.unref();
    client.socket.once('close', entry.onClose);
    this.#entries.add(entry);
  }

  /** Every held client that is still connected, in arrival order; none is held afterwards. */
  takeAll(): HeldClient[] {
    const taken = [...this.#entries].filter((entry) => !entry.socket.destroyed);
    for (const entry of [...this.#entries]) this.#forget(entry);
    return taken.map(({ socket, listener, since }) => ({ socket, listener, since }));
  }

  destroyAll(): void {
    for (const { socket } of this.takeAll()) socket.destroy();
  }

  #forget(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.socket.off('close', entry.onClose);
    this.#entries.delete(entry);
  }
}
