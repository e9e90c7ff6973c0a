/**
 * Watch mode: the orchestrator. Sockets are opened once and outlive every generation;
 * the watcher emits changes, the batcher turns bursts into one batch, and restarts go through
 * one serialized loop (a request during a restart queues at most one more). Events become
 * `~>` lines here and nowhere else.
 *
 * Latency: without build steps the old generation is stopped on the *first* change of a burst,
 * while the rest of the burst is still being collected: the debounce then costs
 * almost nothing. With build steps the old server keeps serving until the build succeeded.
 */
import { createInterface } from 'node:readline';
import { SpawnError, SystemfdError } from '../errors.js';
import { formatDuration } from '../watch/duration.js';
import { openSocketSet, type SocketSet } from '../sockets/socket-set.js';
import { Supervisor } from '../supervisor/supervisor.js';
import type { StopResult } from '../supervisor/kill-tree.js';
import { onForwardedSignals, type ExitStatus, type ForwardedSignal } from '../supervisor/signals.js';
import { ChangeBatcher } from '../watch/change-batcher.js';
import { createFileWatcher, describeHeld, describeLoop, describeRootChange, holdDuringGitOperations, LoopDetector } from '../watch/watcher.js';
import { announceSockets } from './announce.js';
import { BuildRunner } from './build-steps.js';
import { buildChildEnv } from './child-env.js';
import { spawnGeneration } from './spawn-generation.js';
import { describeChanges } from './describe-changes.js';
import type { WatchLaunchOptions } from './options.js';
import { addressInUseHinter, openProxyWiring, type ProxyWiring } from './proxy-wiring.js';
import type { LaunchContext } from './run-once.js';

export interface WatchContext extends LaunchContext {
  stdin: NodeJS.ReadableStream;
  /** Clearing the screen only makes sense on a terminal (tsx #184: never into a pipe). */
  canClear: boolean;
}

const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10_000;
/** A generation that ran this long counts as healthy: the backoff starts over. */
const BACKOFF_RESET_AFTER_MS = 5_000;

export async function runWatch(options: WatchLaunchOptions, context: WatchContext): Promise<ExitStatus> {
  const { reporter, env } = context;
  const wm = options.watchMode;
  // Handlers go in before anything exists (a process without a SIGTERM handler dies at once,
  // leaving socket files and, later, children behind); until the session below is set up, a
  // stop request is only remembered.
  let onSignal: (signal: ForwardedSignal) => void = () => {};
  let stopRequested = false;
  const removeSignalHandlers = onForwardedSignals((signal) => {
    if (signal === 'SIGINT' || signal === 'SIGTERM' || signal === 'SIGHUP') stopRequested = true;
    onSignal(signal);
  });
  let sockets: SocketSet;
  try {
    sockets = await openSocketSet(options.sockets, options.socket);
  } catch (error) {
    removeSignalHandlers();
    throw error;
  }
  let proxy: ProxyWiring | null;
  try {
    proxy = await openProxyWiring(options, sockets, { reporter, drainTimeoutMs: wm.stopTimeoutMs });
  } catch (error) {
    removeSignalHandlers();
    await sockets.close();
    throw error;
  }
  const closeOnExit = () => sockets.closeSync();
  process.once('exit', closeOnExit);
  if (proxy) proxy.announce(sockets);
  else announceSockets(reporter, sockets);

  const childEnv = buildChildEnv(sockets, options.command, { stopSignal: wm.stopSignal, stopTimeoutMs: wm.stopTimeoutMs }, env, reporter);
  const supervisor = new Supervisor({
    stopSignal: wm.stopSignal,
    stopTimeoutMs: wm.stopTimeoutMs,
    spawn: () => {
      proxy?.prepare();
      const proxied = proxy?.spawnPatch(options.command);
      const child = spawnGeneration(options.command, sockets, { env, envPatch: proxied ? proxied.envPatch : childEnv, stdin: wm.stdin ? 'ignore' : 'inherit', ...(proxied ? { proxied } : {}) });
      proxy?.started(child);
      return child;
    },
  });
  const hintAddressInUse = proxy ? () => {} : addressInUseHinter(sockets, reporter);
  /** Proxied, a generation first gets no new client and finishes its open ones. */
  const stopGeneration = () => (proxy ? proxy.drainThen(() => supervisor.stop()) : supervisor.stop());

  const build = new BuildRunner();
  let shuttingDown = false;
  let busy = false;
  let pending: string | null = null;
  let backoffMs = BACKOFF_FIRST_MS;
  let backoffTimer: NodeJS.Timeout | undefined;
  /** A stop begun on the first change of a burst, reported by the restart it belongs to. */
  let earlyStop: Promise<StopResult | null> | null = null;

  const startGeneration = async (reason: string): Promise<void> => {
    if (wm.build.length > 0) {
      const result = await build.run(wm.build, { cwd: options.command.cwd, env, extraEnv: options.command.env });
      if (shuttingDown) return;
      if (!result.ok) {
        const keeping = supervisor.alive ? 'the previous server keeps running' : 'waiting for a change';
        reporter.error(new SystemfdError('SPAWN', `build failed: '${result.command}' ${result.status}; ${keeping}`));
        return;
      }
      reporter.debug(`build finished in ${formatDuration(result.elapsedMs)}`);
    }
    if (shuttingDown) return;
    if (wm.clear && context.canClear) reporter.raw(CLEAR_SCREEN);
    const early = earlyStop;
    earlyStop = null;
    const wasAlive = supervisor.alive || early !== null;
    const stopped = (await stopGeneration()) ?? (await early);
    if (shuttingDown) return;
    try {
      const { pid } = supervisor.start();
      loops.started(Date.now());
      const stopText = stopped ? ` - stopped in ${formatDuration(stopped.elapsedMs)}${stopped.forced ? ' (killed after --stop-timeout)' : ''},` : ' -';
      reporter.info(`${wasAlive || stopped ? 'restart' : 'start'} (${reason})${stopText} started pid ${pid}`);
    } catch (error) {
      reporter.error(error);
      if (error instanceof SpawnError) reporter.info('waiting for a change to try again');
      else throw error;
    }
  };

  /** The one serialized path to a (re)start; a request during a restart queues one more. */
  const requestRestart = (reason: string): void => {
    clearTimeout(backoffTimer);
    if (shuttingDown) return;
    if (busy) {
      pending = reason;
      return;
    }
    busy = true;
    void (async () => {
      try {
        let next: string | null = reason;
        while (next !== null && !shuttingDown) {
          pending = null;
          await startGeneration(next);
          next = pending;
        }
      } catch (error) {
        reporter.error(error);
      } finally {
        busy = false;
      }
    })();
  };

  supervisor.on('exit', ({ pid, status, requested, ranMs }) => {
    if (requested || shuttingDown) return;
    const how = status.signal ? `was killed by ${status.signal}` : `exited with status ${status.code}`;
    if (wm.restart === 'on-exit') {
      if (ranMs >= BACKOFF_RESET_AFTER_MS) backoffMs = BACKOFF_FIRST_MS;
      reporter.info(`command ${how} (pid ${pid}); restarting in ${formatDuration(backoffMs)}`);
      backoffTimer = setTimeout(() => requestRestart('restart after exit'), backoffMs);
      backoffMs = Math.min(backoffMs * 2, BACKOFF_MAX_MS);
    } else {
      reporter.info(`command ${how} (pid ${pid}); waiting for a change`);
    }
    hintAddressInUse(status, ranMs);
  });

  const batcher = new ChangeBatcher({ debounceMs: wm.debounceMs });
  const loops = new LoopDetector({ debounceMs: wm.debounceMs });
  const gitGate = holdDuringGitOperations(wm.watch.cwd, batcher);
  const watcher = createFileWatcher(wm.watch);
  watcher.on('change', (change) => {
    reporter.debug(`${change.kind} ${change.path}`);
    if (!loops.isSilenced(change.path)) batcher.push(change);
  });
  watcher.on('root', (change) => reporter.info(describeRootChange(change)));
  batcher.on('held', () => reporter.info(describeHeld(gitGate.operation)));
  gitGate.on('paused', (operation) => reporter.debug(`${operation}: holding restarts`));
  watcher.on('ignored', (change, why) => reporter.debug(`ignored ${change.kind} ${change.path}: ${why}`));
  watcher.on('warning', (message) => reporter.warn(message));
  watcher.on('error', (error) => reporter.error(error));
  watcher.on('ready', () => reporter.debug(`watching ${wm.watch.paths.join(', ')}`));
  batcher.on('first', () => {
    // Stop early only when nothing has to succeed first (a failing build keeps the old server).
    if (wm.build.length === 0 && supervisor.alive && !busy) earlyStop = stopGeneration();
  });
  batcher.on('batch', (changes) => {
    for (const path of loops.batch(changes.map((c) => c.path), Date.now())) reporter.warn(describeLoop(path, loops.startsInARow));
    requestRestart(describeChanges(changes));
  });

  const lines = wm.stdin ? createInterface({ input: context.stdin, terminal: false }) : null;
  lines?.on('line', (line) => {
    if (line.trim() === 'rs') requestRestart('manual restart');
  });

  // Signal handlers do not keep Node's event loop alive; with no child, no stdin and a watcher
  // that only polls, nothing else might. This timer does until shutdown.
  const keepAlive = setInterval(() => {}, 1 << 30);

  return new Promise<ExitStatus>((resolve) => {
    let stopRequests = 0;
    const shutdown = async (): Promise<void> => {
      stopRequests++;
      if (stopRequests > 1) {
        // Second Ctrl-C: do not wait for a graceful stop any more.
        await supervisor.stop({ force: true });
        return;
      }
      shuttingDown = true;
      clearTimeout(backoffTimer);
      batcher.close();
      gitGate.close();
      lines?.close();
      if ('destroy' in context.stdin && typeof context.stdin.destroy === 'function') context.stdin.destroy();
      try {
        // The command and a running build first: nothing may outlive us, whatever fails below.
        await Promise.all([stopGeneration(), build.cancel()]);
        await watcher.close();
        proxy?.close();
        await sockets.close();
      } catch (error) {
        reporter.error(error);
      } finally {
        removeSignalHandlers();
        process.off('exit', closeOnExit);
        clearInterval(keepAlive);
        // Asked to stop (Ctrl-C, SIGTERM): a clean exit, as watchexec and nodemon do.
        resolve({ code: 0, signal: null });
      }
    };
    onSignal = (signal) => {
      if (signal === 'SIGINT' || signal === 'SIGTERM' || signal === 'SIGHUP') void shutdown();
      else supervisor.signal(signal);
    };
    if (stopRequested) void shutdown();
    else if (wm.postpone) reporter.info('waiting for a change before starting the command');
    else requestRestart('first run');
  });
}
