/**
 * Theory of operation: the supervisor owns every generation of the command and is the only
 * place their phases change (see generation.ts for the phases). Restart requests go through one
 * serialized queue; requests that arrive while a restart runs merge into one more restart.
 *
 * Two policies over the same phases:
 *  - `replace`: stop the serving generation (possibly early, on the first change of a burst),
 *    then start the next one.
 *  - `overlap`: start the next one beside the serving one; when it is ready, retire and drain
 *    the old one. If it dies before it is ready, the old one keeps serving. A request while a
 *    newer generation is still starting replaces that one (it is stopped, the old keeps serving).
 *
 * A generation is ready when one of its readiness sources says so, or when the readiness
 * timeout passes. Each generation's stop is held once, in its record, and shared by whoever
 * waits for it. The supervisor never prints: it emits typed events, and the launcher reports.
 */
import { EventEmitter } from 'node:events';
import { SpawnError } from '../errors.js';
import { awakeTimeout } from './awake-clock.js';
import type { GenerationFactory, GenerationPhase, GenerationProcess, ListenProblem, ReadySource } from './generation.js';
import type { StopResult } from './kill-tree.js';
import { RestartBackoff } from './restart-backoff.js';
import type { ExitStatus } from './signals.js';

export type Policy = 'replace' | 'overlap';

export interface GenerationView {
  id: number;
  pid: number;
  phase: GenerationPhase;
  reason: string;
}

interface Generation extends GenerationView {
  process: GenerationProcess;
  startedAt: number;
  /** The stop asked for (or, after an exit on its own, the stop of its leftovers). */
  stop: Promise<StopResult> | null;
  requested: boolean;
  /** What this generation's start stopped first (replace), for the restart line. */
  stopped: StopResult | null;
  listenProblem: ListenProblem | null;
  readyTimer: NodeJS.Timeout | undefined;
}

interface Ids { id: number; pid: number }

export interface SupervisorEvents {
  starting: [Ids & { reason: string }];
  /** `replaced`: under overlap, the generation that served until now (it drains next). */
  ready: [Ids & { reason: string; readyMs: number; source: ReadySource; stopped: StopResult | null; replaced: Ids | null }];
  /** Overlap: `to` is ready, `from` stops accepting and drains. */
  switched: [{ from: Ids; to: Ids }];
  /** A generation ended after it was ready (or was stopped). */
  exited: [Ids & { status: ExitStatus; requested: boolean; ranMs: number; restartInMs: number | null; problem: ListenProblem | null }];
  'failed-before-ready': [Ids & { reason: string; stopped: StopResult | null; status: ExitStatus; serving: Ids | null; problem: ListenProblem | null; restartInMs: number | null }];
  'spawn-failed': [{ error: SpawnError; reason: string }];
  status: [Ids & { text: string }];
  /** The generation could not listen on a port of its own (reported once, when it happens). */
  'listen-failed': [Ids & { problem: ListenProblem }];
  notice: [Ids & { text: string }];
  'stop-slow': [Ids & { killInMs: number }];
}

export interface SupervisorOptions {
  factory: GenerationFactory;
  policy: Policy;
  /** A generation with no readiness signal by then is taken as ready; 0: ready at start. */
  readyTimeoutMs: number;
  /** Restart a generation that exited on its own, after the backoff's delay. */
  restartOnExit: boolean;
  backoff?: RestartBackoff;
  /** Runs before each start (build steps); false keeps what runs and skips the start. */
  beforeStart?: () => Promise<boolean>;
  now?: () => number;
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: SupervisorOptions;
  readonly #now: () => number;
  readonly #backoff: RestartBackoff;
  #generations: Generation[] = [];
  #nextId = 1;
  #pending: string | null = null;
  #running = false;
  #shuttingDown = false;
  #backoffTimer: NodeJS.Timeout | undefined;
  #idle: Promise<void> = Promise.resolve();
  /** The stop begun on the first change of a burst, reported by the restart it belongs to. */
  #earlyStop: Promise<StopResult> | null = null;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#backoff = options.backoff ?? new RestartBackoff();
  }

  /** Every generation not yet gone, oldest first. */
  get generations(): GenerationView[] {
    return this.#generations.map(({ id, pid, phase, reason }) => ({ id, pid, phase, reason }));
  }

  /** The newest ready generation (the one clients reach), if any. */
  get serving(): GenerationView | null {
    return this.#servingGeneration() ?? null;
  }

  /** Ask for a (re)start; requests during a restart merge into one more. */
  request(reason: string): void {
    clearTimeout(this.#backoffTimer);
    if (this.#shuttingDown) return;
    this.#pending = reason;
    if (!this.#running) this.#idle = this.#drain();
  }

  /** Resolves when the queue has nothing left to do (tests and one-shot mode wait on it). */
  settled(): Promise<void> {
    return this.#idle;
  }

  /**
   * The first change of a burst: under `replace` with nothing to run first, stop what serves
   * now, while the rest of the burst is collected (the debounce then costs almost nothing).
   */
  burstStarted(): void {
    if (this.#shuttingDown || this.#options.policy !== 'replace' || this.#options.beforeStart) return;
    const live = this.#live();
    for (const generation of live) this.#earlyStop = this.#stop(generation, false);
  }

  /** Forward a signal to every live generation. */
  signal(signal: NodeJS.Signals): void {
    for (const generation of this.#live()) generation.process.signal(signal);
  }

  /** Signal every generation whose tree may still run, draining ones too (job control, SIGWINCH). */
  async signalAll(signal: NodeJS.Signals): Promise<void> {
    await Promise.all(this.#generations.map((generation) => generation.process.signal(signal)));
  }

  /**
   * Stop everything and start nothing more. Resolves when no generation runs. Called again
   * (a second Ctrl-C), it kills at once what is still stopping.
   */
  async shutdown({ force = false }: { force?: boolean } = {}): Promise<void> {
    this.#shuttingDown = true;
    this.#pending = null;
    clearTimeout(this.#backoffTimer);
    const stops = this.#generations.map((generation) => this.#stop(generation, force));
    await Promise.all(stops);
    await this.#idle;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#pending !== null && !this.#shuttingDown) {
        const reason = this.#pending;
        this.#pending = null;
        await this.#restart(reason);
      }
    } finally {
      this.#running = false;
    }
  }

  async #restart(reason: string): Promise<void> {
    if (this.#options.beforeStart && !(await this.#options.beforeStart())) return;
    if (this.#shuttingDown) return;
    const serving = this.#servingGeneration();
    let stopped: StopResult | null = null;
    if (this.#options.policy === 'replace' || !serving) {
      const newest = this.#generations.at(-1);
      const early = this.#earlyStop;
      this.#earlyStop = null;
      const results = await Promise.all(this.#generations.map((generation) => this.#stop(generation, false)));
      // The restart line reports the newest one's stop, if it was stopped rather than gone
      // (an early stop may have finished, and its generation been forgotten, already).
      stopped = newest?.requested ? (results.at(-1) ?? null) : early ? await early : null;
      if (this.#shuttingDown) return;
    } else {
      // A newer generation still starting is replaced; the serving one keeps serving.
      for (const generation of this.#generations) if (generation.id > serving.id) void this.#stop(generation, false);
    }
    this.#start(reason, stopped);
  }

  #start(reason: string, stopped: StopResult | null): void {
    const id = this.#nextId++;
    const self = { current: null as Generation | null };
    const signals = {
      ready: (source: ReadySource) => self.current && this.#ready(self.current, source),
      status: (text: string) => self.current && this.emit('status', { ...ids(self.current), text }),
      stopping: () => self.current && this.emit('notice', { ...ids(self.current), text: 'says it is stopping' }),
      mainPid: (pid: number) => self.current && this.emit('notice', { ...ids(self.current), text: `main pid is ${pid}` }),
      slowStop: (killInMs: number) => self.current && this.emit('stop-slow', { ...ids(self.current), killInMs }),
      listenFailed: (problem: ListenProblem) => {
        if (!self.current) return;
        self.current.listenProblem = problem;
        this.emit('listen-failed', { ...ids(self.current), problem });
      },
    };
    // Before the spawn: readiness is measured from when we asked for the process.
    const startedAt = this.#now();
    let process: GenerationProcess;
    try {
      process = this.#options.factory.start({ id, alongside: this.#live().length, signals });
    } catch (error) {
      // Whatever the hand-off or spawn threw, the session goes on and waits for a change: a
      // rejection here would escape the restart queue and end systemfd without its cleanup.
      const failure = error instanceof SpawnError ? error : new SpawnError(`the command could not be started: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      this.emit('spawn-failed', { error: failure, reason });
      return;
    }
    const generation: Generation = {
      id, pid: process.pid, phase: 'starting', reason, process, startedAt,
      stop: null, requested: false, stopped, listenProblem: null, readyTimer: undefined,
    };
    self.current = generation;
    this.#generations.push(generation);
    this.emit('starting', { ...ids(generation), reason });
    void process.exited.then((status) => this.#exited(generation, status));
    const { readyTimeoutMs } = this.#options;
    if (readyTimeoutMs === 0) this.#ready(generation, 'immediate');
    else generation.readyTimer = awakeTimeout(() => this.#ready(generation, 'timeout'), readyTimeoutMs).unref();
  }

  #ready(generation: Generation, source: ReadySource): void {
    if (generation.phase !== 'starting') return;
    clearTimeout(generation.readyTimer);
    const replaced = this.#servingGeneration();
    generation.phase = 'ready';
    const readyMs = this.#now() - generation.startedAt;
    this.emit('ready', { ...ids(generation), reason: generation.reason, readyMs, source, stopped: generation.stopped, replaced: replaced ? ids(replaced) : null });
    // Everything older goes: under overlap this is the switch.
    for (const older of this.#generations) {
      if (older.id >= generation.id || older.stop) continue;
      older.process.retire();
      void this.#stop(older, false);
    }
    if (replaced) this.emit('switched', { from: ids(replaced), to: ids(generation) });
  }

  #stop(generation: Generation, force: boolean): Promise<StopResult> {
    if (generation.stop && !force) return generation.stop;
    if (generation.phase !== 'exited') {
      generation.phase = 'draining';
      generation.requested = true;
    }
    clearTimeout(generation.readyTimer);
    const stop = generation.process.stop({ force });
    if (!generation.stop) {
      generation.stop = stop;
      void stop.then(() => this.#forget(generation));
    }
    return generation.stop;
  }

  #exited(generation: Generation, status: ExitStatus): void {
    const wasStarting = generation.phase === 'starting';
    generation.phase = 'exited';
    clearTimeout(generation.readyTimer);
    const ranMs = this.#now() - generation.startedAt;
    if (generation.requested) {
      void generation.stop?.then(() => this.emit('exited', { ...ids(generation), status, requested: true, ranMs, restartInMs: null, problem: null }));
      return;
    }
    // Gone on its own; its background processes may not be: stop them, so nothing of it
    // holds a socket or a port beside the next generation.
    void this.#stop(generation, false);
    const serving = this.#servingGeneration();
    const restartInMs = !serving && this.#options.restartOnExit && !this.#shuttingDown ? this.#backoff.next(ranMs) : null;
    clearTimeout(this.#backoffTimer);
    if (restartInMs !== null) this.#backoffTimer = awakeTimeout(() => this.request('restart after exit'), restartInMs);
    if (wasStarting) {
      this.emit('failed-before-ready', { ...ids(generation), reason: generation.reason, stopped: generation.stopped, status, serving: serving ? ids(serving) : null, problem: generation.listenProblem, restartInMs });
    } else {
      this.emit('exited', { ...ids(generation), status, requested: false, ranMs, restartInMs, problem: generation.listenProblem });
    }
  }

  #forget(generation: Generation): void {
    this.#generations = this.#generations.filter((g) => g !== generation);
  }

  #live(): Generation[] {
    return this.#generations.filter((g) => g.phase !== 'exited' && g.stop === null);
  }

  #servingGeneration(): Generation | undefined {
    return this.#generations.filter((g) => g.phase === 'ready' && g.stop === null).at(-1);
  }
}

function ids(generation: Generation): Ids {
  return { id: generation.id, pid: generation.pid };
}
