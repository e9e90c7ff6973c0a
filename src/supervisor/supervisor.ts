/**
 * Theory of operation: the supervisor owns at most one generation of the command. Its state is
 * a discriminated union changed only here; `start()` and `stop()` are the only transitions the
 * outside asks for, and a stop that is already under way is shared, not repeated (a restart
 * request that arrives during a stop merges into it). The supervisor never prints: it emits
 * `exit` with whether the exit was asked for, and the launcher reports it.
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { SpawnError } from '../errors.js';
import { signalTree, stopTree, type StopResult } from './kill-tree.js';
import type { ExitStatus } from './signals.js';

export type ChildState =
  | { phase: 'idle' }
  | { phase: 'running'; child: ChildProcess; pid: number; startedAt: number }
  | { phase: 'stopping'; child: ChildProcess; pid: number; startedAt: number; stopping: Promise<StopResult> }
  /** Exited on its own; `leftovers` stops what its tree left running (a `cmd &` in a shell). */
  | { phase: 'exited'; pid: number; status: ExitStatus; leftovers: Promise<StopResult> };

export interface SupervisorEvents {
  /** A generation ended. `requested` is false for a crash or a normal exit on its own. */
  exit: [{ pid: number; status: ExitStatus; requested: boolean; ranMs: number }];
}

export interface SupervisorOptions {
  /** Starts one generation (may throw a SpawnError). */
  spawn: () => ChildProcess;
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  #state: ChildState = { phase: 'idle' };
  readonly #options: SupervisorOptions;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
  }

  get state(): ChildState {
    return this.#state;
  }

  /** True while a generation is alive (running or being stopped). */
  get alive(): boolean {
    return this.#state.phase === 'running' || this.#state.phase === 'stopping';
  }

  /** Start a generation. Only valid when none is alive; throws what spawn throws. */
  start(): { pid: number } {
    if (this.alive) throw new Error(`cannot start: a generation is ${this.#state.phase}`);
    const child = this.#options.spawn();
    const startedAt = Date.now();
    const pid = child.pid;
    if (pid === undefined) {
      // spawn() failed (the OS refused it after our PATH check); its 'error' event follows.
      child.once('error', () => {});
      throw new SpawnError('the command could not be started');
    }
    this.#state = { phase: 'running', child, pid, startedAt };
    child.once('exit', (code, signal) => {
      const requested = this.#state.phase === 'stopping' && this.#state.child === child;
      const ranMs = Date.now() - startedAt;
      if (!requested) {
        // The command is gone but its background processes may not be (SPEC B.9): stop them
        // now, so a crash never leaves them holding the socket next to the next generation.
        const { stopSignal, stopTimeoutMs } = this.#options;
        const leftovers = stopTree(child, { signal: stopSignal, timeoutMs: stopTimeoutMs });
        this.#state = { phase: 'exited', pid, status: { code, signal }, leftovers };
      }
      this.emit('exit', { pid, status: { code, signal }, requested, ranMs });
    });
    return { pid };
  }

  /**
   * Stop the current generation's whole tree (signal → timeout → SIGKILL). Resolves when
   * nothing of it runs; null when there was nothing to stop (after a generation that exited on
   * its own: once its leftovers are gone). Concurrent calls share one stop.
   * `force` kills at once (second Ctrl-C).
   */
  async stop({ force = false }: { force?: boolean } = {}): Promise<StopResult | null> {
    const state = this.#state;
    if (state.phase === 'stopping') {
      if (force) await signalTree(state.child, 'SIGKILL');
      return state.stopping;
    }
    if (state.phase === 'exited') {
      await state.leftovers;
      return null;
    }
    if (state.phase !== 'running') return null;
    const { stopSignal, stopTimeoutMs } = this.#options;
    const stopping = stopTree(state.child, { signal: stopSignal, timeoutMs: force ? 0 : stopTimeoutMs });
    this.#state = { ...state, phase: 'stopping', stopping };
    const result = await stopping;
    if (this.#state.phase === 'stopping' && this.#state.child === state.child) this.#state = { phase: 'idle' };
    return result;
  }

  /** Forward a signal to the current generation's process group (USR1, USR2, QUIT...). */
  signal(signal: NodeJS.Signals): void {
    if (this.#state.phase === 'running' || this.#state.phase === 'stopping') void signalTree(this.#state.child, signal);
  }
}
