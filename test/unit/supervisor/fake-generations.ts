/**
 * Fake generations for supervisor tests: no processes, every transition driven by the test.
 * Each start records a FakeGeneration; the test makes it ready, crash, or finish a stop.
 */
import { SpawnError } from '../../../src/errors.js';
import type { GenerationFactory, GenerationProcess, GenerationSignals, StartContext } from '../../../src/supervisor/generation.js';
import type { StopResult } from '../../../src/supervisor/kill-tree.js';
import type { ExitStatus } from '../../../src/supervisor/signals.js';
import type { Supervisor, SupervisorEvents } from '../../../src/supervisor/supervisor.js';

export class FakeGeneration implements GenerationProcess {
  readonly pid: number;
  readonly exited: Promise<ExitStatus>;
  readonly signals: GenerationSignals;
  readonly alongside: number;
  readonly stops: boolean[] = [];
  readonly forwarded: NodeJS.Signals[] = [];
  retired = false;
  /** When true, a graceful stop waits until a forced one (a server ignoring the stop signal). */
  stubborn = false;
  #exit!: (status: ExitStatus) => void;
  #stop: Promise<StopResult> | null = null;
  #finishStop!: (result: StopResult) => void;
  #gone = false;

  constructor(pid: number, context: StartContext) {
    this.pid = pid;
    this.signals = context.signals;
    this.alongside = context.alongside;
    this.exited = new Promise((resolve) => (this.#exit = resolve));
  }

  get alive(): boolean {
    return !this.#gone;
  }

  /** The command exits on its own. */
  crash(code = 1): void {
    this.#gone = true;
    this.#exit({ code, signal: null });
  }

  stop({ force }: { force: boolean }): Promise<StopResult> {
    this.stops.push(force);
    if (!this.#stop) this.#stop = new Promise((resolve) => (this.#finishStop = resolve));
    if (!this.stubborn || force || this.#gone) this.#end(force);
    return this.#stop;
  }

  signal(signal: NodeJS.Signals): void {
    this.forwarded.push(signal);
  }

  retire(): void {
    this.retired = true;
  }

  #end(forced: boolean): void {
    // Resolve on a later tick, as a real tree stop does.
    setImmediate(() => {
      if (!this.#gone) {
        this.#gone = true;
        this.#exit({ code: null, signal: forced ? 'SIGKILL' : 'SIGTERM' });
      }
      this.#finishStop({ forced, elapsedMs: 0 });
    });
  }
}

export class FakeFactory implements GenerationFactory {
  readonly started: FakeGeneration[] = [];
  failNext = false;
  #nextPid = 1000;

  start(context: StartContext): GenerationProcess {
    if (this.failNext) {
      this.failNext = false;
      throw new SpawnError("command not found: 'nope' is not in PATH (ENOENT)");
    }
    const generation = new FakeGeneration(++this.#nextPid, context);
    this.started.push(generation);
    return generation;
  }

  /** The n-th started generation (1-based), like the supervisor's ids. */
  gen(n: number): FakeGeneration {
    const generation = this.started[n - 1];
    if (!generation) throw new Error(`generation ${n} was not started (${this.started.length} so far)`);
    return generation;
  }
}

const NAMES: Array<keyof SupervisorEvents> = ['starting', 'ready', 'switched', 'exited', 'failed-before-ready', 'spawn-failed'];

/** Records events as short strings (`ready 2`, `switched 1->2`) and waits for one to appear. */
export function recordEvents(supervisor: Supervisor): { log: string[]; next: (entry: string) => Promise<void> } {
  const log: string[] = [];
  const waiters: Array<{ entry: string; resolve: () => void }> = [];
  for (const name of NAMES) {
    supervisor.on(name, (event: Record<string, unknown>) => {
      const entry = describe(name, event);
      log.push(entry);
      for (const waiter of waiters.filter((w) => w.entry === entry)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }
  const next = (entry: string) =>
    log.includes(entry) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ entry, resolve }));
  return { log, next };
}

function describe(name: string, event: Record<string, unknown>): string {
  if (name === 'switched') {
    const { from, to } = event as { from: { id: number }; to: { id: number } };
    return `switched ${from.id}->${to.id}`;
  }
  if (name === 'spawn-failed') return 'spawn-failed';
  return `${name} ${event.id as number}`;
}
