/**
 * Every readiness source that reaches systemfd from a generation's processes, in one private
 * run directory (mode 0700, removed at exit): the preload's channel (one FIFO per session) and
 * a NOTIFY_SOCKET per generation. `envFor(id)` binds that generation's notify socket before its
 * spawn and returns the variables that point the generation at both.
 *
 * This is a platform selection point: on Windows there are no unix datagram sockets for
 * NOTIFY_SOCKET and the preload does nothing, so `openReadinessHub` returns null there and
 * generations become ready by the timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationSignals } from '../supervisor/generation.js';
import { READY_ENV } from '../preload/contract.js';
import { NotifySocket } from './notify-socket.js';
import { ReadyChannel } from './ready-channel.js';

export class ReadinessHub {
  readonly #dir: string;
  readonly #channel: ReadyChannel;
  readonly #notify = new Map<number, NotifySocket>();

  constructor(dir: string, channel: ReadyChannel) {
    this.#dir = dir;
    this.#channel = channel;
  }

  /** The environment for generation `id`: NOTIFY_SOCKET, and the preload's channel. */
  envFor(id: number): Record<string, string> {
    const env: Record<string, string> = { [READY_ENV.SOCKET]: this.#channel.path, [READY_ENV.GENERATION]: String(id) };
    try {
      const socket = new NotifySocket(join(this.#dir, `notify-${id}.sock`));
      this.#notify.set(id, socket);
      env.NOTIFY_SOCKET = socket.path;
    } catch {
      // No datagram socket (koffi missing, an odd platform): the preload and the timeout remain.
    }
    return env;
  }

  watch(id: number, signals: GenerationSignals): void {
    this.#channel.watch(id, signals);
    this.#notify.get(id)?.watch(signals);
  }

  release(id: number): void {
    this.#channel.release(id);
    this.#notify.get(id)?.close();
    this.#notify.delete(id);
  }

  async close(): Promise<void> {
    for (const id of [...this.#notify.keys()]) this.release(id);
    this.#channel.close();
    this.closeSync();
  }

  /** Best effort for `process.on('exit')`. */
  closeSync(): void {
    for (const socket of this.#notify.values()) socket.close();
    this.#notify.clear();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

export async function openReadinessHub(): Promise<ReadinessHub | null> {
  if (process.platform === 'win32') return null;
  const dir = mkdtempSync(join(tmpdir(), 'systemfd-'));
  try {
    return new ReadinessHub(dir, new ReadyChannel(join(dir, 'ready.fifo')));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
