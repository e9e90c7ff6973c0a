/**
 * The nouns of the lifecycle, shared by the supervisor and whatever starts generations.
 *
 * A generation is one start of the command. It goes `starting → ready → draining → exited`;
 * it can also go `starting → exited` (it died before it was ready) or `starting → draining`
 * (a newer change replaced it before it was ready). The supervisor alone changes these phases.
 *
 * How a generation receives clients is a hand-off: inherited sockets (fds 3.., LISTEN_*), or,
 * later, a private port per generation behind a router. The supervisor does not care which; it
 * only sees a GenerationFactory, built on top of a HandOff.
 */
import type { EnvPatch } from '../protocol/env.js';
import type { StopResult } from './kill-tree.js';
import type { ExitStatus } from './signals.js';

export type GenerationPhase = 'starting' | 'ready' | 'draining' | 'exited';

/** What made a generation count as ready. */
export type ReadySource = 'preload' | 'notify' | 'probe' | 'timeout' | 'immediate';

/** A port the generation failed to bind on its own (not one of the hand-off's sockets). */
export interface ListenProblem {
  code: string;
  port: number | null;
  address: string | null;
}

/** What a running generation can tell the supervisor (all optional for a generation to use). */
export interface GenerationSignals {
  ready(source: ReadySource): void;
  /** Free-form status text (sd_notify STATUS=). */
  status(text: string): void;
  /** The generation announced it is stopping (sd_notify STOPPING=1). */
  stopping(): void;
  /** The generation's main process is another pid (sd_notify MAINPID=). */
  mainPid(pid: number): void;
  listenFailed(problem: ListenProblem): void;
  /** A stop has waited a while: the tree ignores the stop signal; SIGKILL follows in `killInMs`. */
  slowStop?(killInMs: number): void;
}

/** One started generation as the supervisor drives it. */
export interface GenerationProcess {
  readonly pid: number;
  /** Resolves when the command itself exits (its tree may still run; `stop` ends that). */
  readonly exited: Promise<ExitStatus>;
  /**
   * Stop the whole tree (stop signal → timeout → SIGKILL; `force` kills at once). Resolves
   * once nothing of it runs. Called again with `force` while a stop runs, it escalates that stop.
   * `timeoutMs` replaces the generation's own stop timeout (what a drain before it left).
   */
  stop(options: { force: boolean; timeoutMs?: number }): Promise<StopResult>;
  /** Forward a signal to the tree (USR1, USR2, QUIT...); resolves once it was sent. */
  signal(signal: NodeJS.Signals): void | Promise<void>;
  /** Stop sending it new clients before it is stopped (a proxied hand-off's router). */
  retire(): void;
}

export interface StartContext {
  id: number;
  /** How many other generations are alive at this start (0: it runs alone). */
  alongside: number;
  signals: GenerationSignals;
}

export interface GenerationFactory {
  /** Start one generation; throws a SpawnError when the command cannot be started. */
  start(context: StartContext): GenerationProcess;
}

/** What a hand-off gives one generation before its spawn. */
export interface PreparedHandOff {
  envPatch: EnvPatch;
  /** Raw fds to place at 3, 4, ... in the child (empty for a proxied hand-off). */
  fds: readonly number[];
}

/**
 * How generations receive clients. `prepare` runs before the spawn (environment, fds, and any
 * readiness channel bound for this generation), `watch` after it (readiness sources for the
 * generation's pid; returns the function that ends them), `retire` when a newer generation
 * took over (stop sending it clients), `release` once it is gone.
 */
export interface HandOff {
  prepare(generation: { id: number; alongside: number }): PreparedHandOff;
  watch(generation: { id: number; pid: number }, signals: GenerationSignals): void;
  retire(generation: { id: number }): void;
  release(generation: { id: number }): void;
  close(): Promise<void>;
}
