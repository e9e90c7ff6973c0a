/**
 * Proxy mode in the launcher: decides whether it is on (--proxy, rc `"proxy": true`, or a bun /
 * deno command that cannot adopt a socket), and drives the proxied hand-off for the current
 * supervisor, one generation at a time: prepare before the spawn, probe and activate after it,
 * retire and drain before every stop, forget at exit. Events become `~>` lines here.
 */
import type { ChildProcess } from 'node:child_process';
import type { Reporter } from '../log/reporter.js';
import type { EnvPatch } from '../protocol/env.js';
import { detectRuntime, type RuntimeFinding } from '../proxy/detect-runtime.js';
import { addressInUseHint } from '../proxy/hints.js';
import { readPackageScripts } from '../proxy/package-scripts.js';
import { openProxyHandOff, type PreparedGeneration, type ProxyHandOff } from '../proxy/proxy-hand-off.js';
import type { SocketSet } from '../sockets/socket-set.js';
import type { ExitStatus } from '../supervisor/signals.js';
import { formatDuration } from '../watch/duration.js';
import type { LaunchOptions } from './options.js';

export class ProxyWiring {
  readonly #handOff: ProxyHandOff;
  readonly #reporter: Reporter;
  readonly #finding: RuntimeFinding | null;
  readonly #drainTimeoutMs: number;
  #generation = 0;
  #prepared: PreparedGeneration | null = null;
  /** The retire + stop under way, shared by everyone who asks for a stop meanwhile. */
  #stopping: { generation: number; promise: Promise<unknown> } | null = null;

  constructor(handOff: ProxyHandOff, { reporter, finding, drainTimeoutMs }: { reporter: Reporter; finding: RuntimeFinding | null; drainTimeoutMs: number }) {
    this.#handOff = handOff;
    this.#reporter = reporter;
    this.#finding = finding;
    this.#drainTimeoutMs = drainTimeoutMs;
  }

  announce(sockets: SocketSet): void {
    announceProxied(this.#reporter, sockets);
  }

  /** Before each spawn: fresh private ports for the next generation. */
  prepare(): void {
    const generation = ++this.#generation;
    this.#prepared = this.#handOff.prepare(generation);
    const routes = this.#handOff.routes(generation).map(({ from, to }) => `${from} -> ${to}`).join(', ');
    if (generation === 1) {
      const why = this.#finding ? `${this.#finding.runtime} cannot adopt an inherited socket: ` : '';
      this.#reporter.info(`${why}proxying ${routes}`);
    } else {
      this.#reporter.debug(`proxying ${routes}`);
    }
  }

  /** The environment and fds of the prepared generation (spawn is synchronous). */
  spawnPatch(command: LaunchOptions['command']): { envPatch: EnvPatch; fds: number[] } {
    if (this.#prepared === null) throw new Error('proxy: spawn before prepare');
    return { envPatch: { ...command.env, ...this.#prepared.envPatch }, fds: this.#prepared.fds };
  }

  /** After the spawn: probe the private port, then send the generation its clients. */
  started(child: ChildProcess): void {
    const generation = this.#generation;
    const startedAt = Date.now();
    child.once('exit', () => {
      this.#handOff.exited(generation);
      if (this.#stopping?.generation === generation) this.#stopping = null;
    });
    void this.#handOff.readiness(generation).then((source) => {
      if (source === null || !this.#handOff.activate(generation)) return;
      this.#reporter.debug(`generation ${generation} accepts on its port: ready in ${formatDuration(Date.now() - startedAt)}`);
    });
  }

  /** A drain before a stop is under way (a second Ctrl-C then goes straight to the command). */
  get draining(): boolean {
    return this.#stopping?.generation === this.#generation;
  }

  /**
   * Retire the current generation and wait for its connections (at most the stop timeout), then
   * run `stop`. Concurrent calls share one drain and one stop.
   */
  drainThen<T>(stop: () => Promise<T>): Promise<T> {
    const generation = this.#generation;
    if (this.#stopping?.generation === generation) return this.#stopping.promise as Promise<T>;
    const promise = (async () => {
      const drain = await this.#handOff.retire(generation, { timeoutMs: this.#drainTimeoutMs });
      if (drain.drained) this.#reporter.debug(`drained generation ${generation} in ${formatDuration(drain.elapsedMs)}`);
      else this.#reporter.debug(`generation ${generation} still had ${drain.open} open connection(s) after ${formatDuration(drain.elapsedMs)}; stopping it`);
      return stop();
    })();
    this.#stopping = { generation, promise };
    return promise;
  }

  close(): void {
    this.#handOff.close();
  }
}

/** Null when proxy mode is off; otherwise the wiring, with the public listeners adopted. */
export async function openProxyWiring(options: LaunchOptions, sockets: SocketSet, { reporter, drainTimeoutMs }: { reporter: Reporter; drainTimeoutMs: number }): Promise<ProxyWiring | null> {
  const proxy = await openProxy(options, sockets, reporter);
  return proxy && new ProxyWiring(proxy.handOff, { reporter, finding: proxy.finding, drainTimeoutMs });
}

/** The `~>` lines for proxied sockets, instead of the `-> fd #3` ones. */
export function announceProxied(reporter: Reporter, sockets: SocketSet): void {
  for (const socket of sockets.sockets) reporter.info(`socket ${socket.description} -> proxied to the command's $PORT`);
}

/**
 * Whether proxy mode is on (--proxy, or a bun/deno command found by detectRuntime) and, if so,
 * the proxied hand-off with the public listeners adopted and the first ports reserved.
 */
export async function openProxy(options: LaunchOptions, sockets: SocketSet, reporter: Reporter): Promise<{ handOff: ProxyHandOff; finding: RuntimeFinding | null } | null> {
  const finding = options.proxy ? null : detectRuntime(options.command.argv, readPackageScripts(options.command.cwd));
  if (!options.proxy && finding === null) return null;
  // A detected runtime with no socket to forward has nothing to proxy: run it as is.
  if (!options.proxy && sockets.sockets.length === 0) return null;
  if (!options.proxy && sockets.sockets.some((socket) => socket.spec.kind === 'udp')) {
    reporter.warn(`${finding?.runtime} cannot adopt an inherited socket, and udp sockets cannot be proxied: running it without the proxy`);
    return null;
  }
  const handOff = await openProxyHandOff(sockets.sockets);
  handOff.router.on('warning', (message) => reporter.warn(message));
  handOff.router.on('hold-timeout', () => reporter.warn('proxy: a client waited for a ready server longer than the hold bound and was answered by systemfd'));
  return { handOff, finding };
}

/** Inherited mode: say once per session when an early failure may be a server binding our port. */
export function addressInUseHinter(sockets: SocketSet, reporter: Reporter): (status: ExitStatus, ranMs: number) => void {
  let hinted = false;
  return (status, ranMs) => {
    const hint = hinted ? null : addressInUseHint(sockets.sockets, { code: status.code, ranMs });
    if (hint === null) return;
    hinted = true;
    reporter.info(hint);
  };
}
