/**
 * The proxied hand-off in the shape of the generations supervisor's `HandOff` (prepare, watch,
 * retire, release, close), plus the two calls a proxy needs from the lifecycle:
 *   ready({ id })  on the supervisor's `ready` event, whatever the source (probe, preload,
 *                  NOTIFY_SOCKET, timeout): the switch, new and held clients go to `id`;
 *   drain({ id })  awaited before a generation's stop signal (not on a forced stop): no new
 *                  client, its open connections finish. The drain is part of the stop: it
 *                  takes at most the stop timeout less a share kept for the stop signal,
 *                  and `stopTimeLeft` is what then remains for that signal's grace, so the
 *                  whole stop stays within the generation's stop timeout.
 * With overlap, N+1 gets its own private ports at prepare, N keeps serving until N+1 is ready,
 * then N is retired and drained before it is stopped. The types are restated structurally so
 * the file does not depend on the supervisor's module.
 */
import type { Reporter } from '../log/reporter.js';
import type { EnvPatch } from '../protocol/env.js';
import type { RuntimeFinding } from '../proxy/detect-runtime.js';
import type { ProxyHandOff } from '../proxy/proxy-hand-off.js';
import type { DrainResult } from '../proxy/router.js';
import { formatDuration } from '../watch/duration.js';
import type { CommandOptions } from './options.js';

/** The readiness sources other than the probe (NOTIFY_SOCKET, ...), as the supervisor's hub has them. */
export interface OtherReadiness<Signals> {
  envFor(id: number): EnvPatch;
  watch(id: number, signals: Signals): void;
  release(id: number): void;
  close(): Promise<void>;
}

export interface ProxiedHandOff<Signals extends { ready(source: 'probe'): void } = { ready(source: 'probe'): void }> {
  prepare(generation: { id: number; alongside: number }): { envPatch: EnvPatch; fds: readonly number[] };
  watch(generation: { id: number; pid: number }, signals: Signals): void;
  retire(generation: { id: number }): void;
  release(generation: { id: number }): void;
  close(): Promise<void>;
  ready(generation: { id: number }): void;
  drain(generation: { id: number }): Promise<DrainResult>;
  /** What is left of the generation's stop timeout since its drain began (all of it before). */
  stopTimeLeft(generation: { id: number }): number;
}

export interface ProxiedHandOffOptions<Signals> {
  handOff: ProxyHandOff;
  /** Readiness sources besides the probe; whichever signals first makes the generation ready. */
  readiness?: OtherReadiness<Signals> | null;
  command: CommandOptions;
  reporter: Reporter;
  /** Why proxy mode is on without the flag (for the first line), null with --proxy. */
  finding: RuntimeFinding | null;
  /**
   * The stop timeout, read at each generation's prepare (its start), as its own stop timeout
   * is: a settings reload applies to the generations started after it, drain included.
   */
  stopTimeoutMs: () => number;
}

/**
 * The share of a stop timeout kept for the stop signal whatever the drain took: a server that
 * shuts down gracefully gets a moment for it even after a drain that ran out.
 */
export function signalShareMs(stopTimeoutMs: number): number {
  return Math.min(SIGNAL_SHARE_MAX_MS, stopTimeoutMs / 5);
}

const SIGNAL_SHARE_MAX_MS = 1_000;

export function proxiedHandOff<Signals extends { ready(source: 'probe'): void }>({ handOff, readiness = null, command, reporter, finding, stopTimeoutMs }: ProxiedHandOffOptions<Signals>): ProxiedHandOff<Signals> {
  const drains = new Map<number, Promise<DrainResult>>();
  /** Per generation: its stop timeout (read at prepare) and when its drain began. */
  const stops = new Map<number, { timeoutMs: number; drainStartedAt: number | null }>();
  const stopOf = (id: number) => {
    let stop = stops.get(id);
    if (!stop) stops.set(id, (stop = { timeoutMs: stopTimeoutMs(), drainStartedAt: null }));
    return stop;
  };
  const drain = (id: number): Promise<DrainResult> => {
    let pending = drains.get(id);
    if (!pending) {
      const stop = stopOf(id);
      stop.drainStartedAt = Date.now();
      pending = handOff.retire(id, { timeoutMs: stop.timeoutMs - signalShareMs(stop.timeoutMs) }).then((result) => {
        if (result.drained) reporter.debug(`drained generation ${id} in ${formatDuration(result.elapsedMs)}`);
        else reporter.debug(`generation ${id} still had ${result.open} open connection(s) after ${formatDuration(result.elapsedMs)}; stopping it`);
        return result;
      });
      drains.set(id, pending);
    }
    return pending;
  };
  return {
    prepare: ({ id }) => {
      stops.set(id, { timeoutMs: stopTimeoutMs(), drainStartedAt: null });
      const prepared = handOff.prepare(id);
      const routes = handOff.routes(id).map(({ from, to }) => `${from} -> ${to}`).join(', ');
      if (id === 1) reporter.info(finding ? `${finding.runtime} cannot adopt an inherited socket: proxying ${routes} (--no-proxy hands it the socket instead)` : `proxying ${routes}`);
      else reporter.debug(`proxying ${routes}`);
      return { envPatch: { ...command.env, ...prepared.envPatch, ...(readiness?.envFor(id) ?? {}) }, fds: prepared.fds };
    },
    watch: ({ id }, signals) => {
      readiness?.watch(id, signals);
      void handOff.readiness(id).then((source) => {
        if (source !== null) signals.ready(source);
      });
    },
    retire: ({ id }) => void drain(id),
    release: ({ id }) => {
      readiness?.release(id);
      handOff.exited(id);
      drains.delete(id);
      stops.delete(id);
    },
    close: async () => {
      handOff.close();
      await readiness?.close();
    },
    ready: ({ id }) => void handOff.activate(id),
    drain: ({ id }) => drain(id),
    stopTimeLeft: ({ id }) => {
      const { timeoutMs, drainStartedAt } = stopOf(id);
      return drainStartedAt === null ? timeoutMs : Math.max(0, timeoutMs - (Date.now() - drainStartedAt));
    },
  };
}

/**
 * A generation factory whose generations drain before their stop signal: the supervisor stops
 * a generation (replace, shutdown, a newer change) and this waits for the router first, so the
 * server is signalled only once its connections are done. A forced stop does not wait, and it
 * ends the wait of a graceful stop already draining: whoever holds that stop's promise (a first
 * Ctrl-C's shutdown) sees the tree killed, not the drain's timeout.
 */
export function drainBeforeStop<Context extends { id: number }, Generation extends { stop(options: { force: boolean; timeoutMs?: number }): Promise<unknown> }>(
  factory: { start(context: Context): Generation },
  handOff: Pick<ProxiedHandOff, 'drain' | 'stopTimeLeft'>,
): { start(context: Context): Generation } {
  return {
    start: (context) => {
      const generation = factory.start(context);
      const stop = generation.stop.bind(generation);
      const id = context.id;
      let forced = (): void => {};
      const forcedStop = new Promise<'forced'>((resolve) => (forced = () => resolve('forced')));
      return Object.assign(generation, {
        stop: async ({ force }: { force: boolean }) => {
          if (force) {
            forced();
            return stop({ force: true });
          }
          // After a forced stop the graceful one joins it (a stop under way is not repeated).
          if ((await Promise.race([handOff.drain({ id }), forcedStop])) === 'forced') return stop({ force: false });
          // The grace after the stop signal is what the drain left of the stop timeout.
          return stop({ force: false, timeoutMs: handOff.stopTimeLeft({ id }) });
        },
      });
    },
  };
}
