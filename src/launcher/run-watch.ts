/**
 * Watch mode: wiring. Sockets are opened once and outlive every generation; the watcher emits
 * changes, the batcher turns a burst into one batch, and the supervisor decides what that means
 * for the generations (its policy: replace or overlap). The supervisor's events become `~>`
 * lines in report-generations.ts. No restart state lives here.
 */
import { SystemfdError } from '../errors.js';
import { formatDuration } from '../watch/duration.js';
import { openReadinessHub } from '../readiness/readiness-hub.js';
import { installJobControl } from '../supervisor/job-control.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { onForwardedSignals, type ExitStatus, type ForwardedSignal } from '../supervisor/signals.js';
import { ChangeBatcher } from '../watch/change-batcher.js';
import { describeHeld, describeLoop, describeLoopOver, describeRootChange, holdDuringGitOperations, LoopDetector } from '../watch/watcher.js';
import { announceSockets } from './announce.js';
import { describeNodeWatch } from './node-watch-check.js';
import { BuildRunner } from './build-steps.js';
import { describeChanges } from './describe-changes.js';
import { inheritedHandOff } from './inherited-hand-off.js';
import type { WatchLaunchOptions } from './options.js';
import { reportGenerations } from './report-generations.js';
import type { LaunchContext } from './run-once.js';
import { processGenerations } from './spawn-generation.js';
import { RcReload, type SettingsReload } from './rc-reload.js';
import { ReplaceableWatcher } from './replaceable-watcher.js';
import { liveSupervisorOptions, madeAtEachStart } from './session-settings.js';
import { SessionSockets } from './session-sockets.js';
import { drainBeforeStop, proxiedHandOff } from './proxied-hand-off.js';
import { addressInUseHinter, announceProxied, openProxy } from './proxy-wiring.js';
import { StdinLines } from './stdin-lines.js';
import { describeWatching } from './describe-watching.js';

export interface WatchContext extends LaunchContext {
  stdin: NodeJS.ReadableStream;
  /** Clearing the screen only makes sense on a terminal (never into a pipe). */
  canClear: boolean;
  /** Re-reads the settings file when it changes; without it, an edit is a plain change. */
  settingsReload?: SettingsReload;
}

const CLEAR_SCREEN = '\u001b[2J\u001b[3J\u001b[H';
const STOP_SIGNALS: ReadonlySet<ForwardedSignal> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

export async function runWatch(options: WatchLaunchOptions, context: WatchContext): Promise<ExitStatus> {
  const { reporter, env } = context;
  const wm = options.watchMode;
  // Handlers go in before anything exists (a process without a SIGTERM handler dies at once,
  // leaving socket files and, later, children behind); until the session below is set up, a
  // stop request is only remembered.
  let onSignal: (signal: ForwardedSignal) => void = () => {};
  let stopRequested = false;
  const removeSignalHandlers = onForwardedSignals((signal) => {
    if (STOP_SIGNALS.has(signal)) stopRequested = true;
    onSignal(signal);
  });
  let sockets: SessionSockets;
  try {
    sockets = await SessionSockets.open(options.sockets, options.socket);
  } catch (error) {
    removeSignalHandlers();
    throw error;
  }
  const proxy = await openProxy(options, sockets, reporter).catch(async (error: unknown) => {
    removeSignalHandlers();
    await sockets.close();
    throw error;
  });
  const readiness = await openReadinessHub().catch((error: unknown) => {
    reporter.warn(`readiness signals unavailable (${(error as Error).message}); generations become ready after --ready-timeout`);
    return null;
  });
  const closeOnExit = () => {
    sockets.closeSync();
    readiness?.closeSync();
  };
  process.once('exit', closeOnExit);
  if (proxy) announceProxied(reporter, sockets);
  else announceSockets(reporter, sockets);
  const nodeWatch = describeNodeWatch(options.command.argv);
  if (nodeWatch !== null) reporter.warn(nodeWatch);

  // Read at each start: a reloaded settings file applies to the next generation.
  const stop = () => ({ stopSignal: wm.stopSignal, stopTimeoutMs: wm.stopTimeoutMs });
  // Proxied: private ports per generation, drained by the router before each stop signal.
  const proxied = proxy && proxiedHandOff({ handOff: proxy.handOff, readiness, command: options.command, reporter, finding: proxy.finding, stopTimeoutMs: () => wm.stopTimeoutMs });
  const handOffNow = () => proxied || inheritedHandOff({ sockets, command: options.command, env, reporter, stop: stop(), readiness });
  const handOff = handOffNow();
  const stdinLines = wm.stdin ? new StdinLines() : null;
  const generations = madeAtEachStart(() => processGenerations({ command: options.command, handOff: handOffNow(), env, stdin: wm.stdin ? 'pipe' : 'inherit', ...(stdinLines ? { onInput: stdinLines.attach } : {}), ...stop(), withSockets: !proxied && sockets.sockets.length > 0 }));
  const build = new BuildRunner();
  const supervisor: Supervisor = new Supervisor(liveSupervisorOptions(wm, () => runBuild(), {
    factory: proxied ? drainBeforeStop(generations, proxied) : generations,
  }));
  const runBuild = async (): Promise<boolean> => {
    const result = await build.run(wm.build, { cwd: options.command.cwd, env, extraEnv: options.command.env });
    if (result.ok) {
      reporter.debug(`build finished in ${formatDuration(result.elapsedMs)}`);
      return true;
    }
    if (!stopRequested) {
      const serving = supervisor.serving;
      const keeping = serving ? `the previous server keeps running (pid ${serving.pid})` : 'waiting for a change';
      reporter.error(new SystemfdError('SPAWN', `build failed: '${result.command}' ${result.status}; ${keeping}`));
    }
    return false;
  };
  if (proxied) supervisor.on('ready', ({ id }) => proxied.ready({ id }));
  else {
    // A generation that dies before it is ready may be a server binding the held port itself.
    const hint = addressInUseHinter(sockets, reporter);
    supervisor.on('failed-before-ready', ({ status, problem }) => problem === null && hint(status, 0));
  }
  reportGenerations(supervisor, reporter, { readyTimeoutMs: wm.readyTimeoutMs, watching: true });
  const batcher = new ChangeBatcher({ debounceMs: wm.debounceMs });
  // A command that rewrites watched files at start would restart itself forever: the loop
  // detector counts starts and silences such paths right after each start (later changes of
  // them, the user's edits, still restart). Wall time, not a monotonic clock: a machine suspended
  // between a start and an edit must not make the edit look right after the start.
  const loops = new LoopDetector({ debounceMs: wm.debounceMs });
  const gitGate = holdDuringGitOperations(wm.watch.cwd, batcher);
  let latestStart = 0;
  supervisor.on('starting', ({ id }) => {
    latestStart = id;
    for (const path of loops.started(Date.now())) reporter.info(describeLoopOver(path, loops.startsInARow));
    if (id > 1 && wm.clear && context.canClear) reporter.raw(CLEAR_SCREEN);
  });
  // What the command writes while it starts comes before it is ready; what comes well after is
  // someone else's edit. A readiness timeout says nothing about that.
  supervisor.on('ready', ({ id, source }) => {
    if (id === latestStart && source !== 'timeout') loops.ready(Date.now());
  });
  const watcher = new ReplaceableWatcher(wm.watch);
  const rc = context.settingsReload ? new RcReload({ reload: context.settingsReload, options, sockets, fixedSockets: proxy !== null, watcher, batcher, reporter, restart: (reason) => supervisor.request(reason) }) : null;
  watcher.on('change', (change) => {
    reporter.debug(`${change.kind} ${change.path}`);
    if (rc?.claims(change)) return;
    // Not even into the batcher: its first change would stop the server early.
    if (loops.silences(change.path, Date.now())) reporter.debug(`${change.path} changed right after a start: not restarting`);
    else batcher.push(change);
  });
  watcher.on('root', (change) => reporter.info(describeRootChange(change)));
  batcher.on('held', () => reporter.info(describeHeld(gitGate.operation)));
  gitGate.on('paused', (operation) => reporter.debug(`${operation}: holding restarts`));
  watcher.on('ignored', (change, why) => rc?.claims(change) || reporter.debug(`ignored ${change.kind} ${change.path}: ${why}`));
  watcher.on('warning', (message) => reporter.warn(message));
  watcher.on('error', (error) => reporter.error(error));
  watcher.on('ready', () => reporter.info(describeWatching(wm.watch.paths, wm.stdin)));
  batcher.on('first', () => supervisor.burstStarted());
  batcher.on('batch', (changes) => {
    for (const path of loops.batch(changes.map((c) => c.path), Date.now())) reporter.warn(describeLoop(path, loops.startsInARow, loops.windowMs));
    supervisor.request(describeChanges(changes));
  });

  stdinLines?.listen(context.stdin, {
    current: () => supervisor.serving?.id ?? supervisor.generations.filter((g) => g.phase === 'starting').at(-1)?.id ?? null,
    restart: () => supervisor.request('manual restart'),
  });
  const removeJobControl = installJobControl(supervisor, build);

  // Signal handlers do not keep Node's event loop alive; with no child, no stdin and a watcher
  // that only polls, nothing else might. This timer does until shutdown.
  const keepAlive = setInterval(() => {}, 1 << 30);

  return new Promise<ExitStatus>((resolve) => {
    let stopRequests = 0;
    const shutdown = async (): Promise<void> => {
      stopRequests++;
      // Second Ctrl-C: do not wait for a graceful stop any more.
      if (stopRequests > 1) return supervisor.shutdown({ force: true });
      batcher.close();
      gitGate.close();
      stdinLines?.close();
      if ('destroy' in context.stdin && typeof context.stdin.destroy === 'function') context.stdin.destroy();
      try {
        // The command and a running build first: nothing may outlive us, whatever fails below.
        await Promise.all([supervisor.shutdown(), build.cancel()]);
        await Promise.all([watcher.close(), rc?.close()]);
        await handOff.close();
        await sockets.close();
      } catch (error) {
        reporter.error(error);
      } finally {
        removeSignalHandlers();
        removeJobControl();
        process.off('exit', closeOnExit);
        clearInterval(keepAlive);
        // Asked to stop (Ctrl-C, SIGTERM): a clean exit, as watchexec and nodemon do.
        resolve({ code: 0, signal: null });
      }
    };
    onSignal = (signal) => {
      if (STOP_SIGNALS.has(signal)) void shutdown();
      else supervisor.signal(signal);
    };
    if (stopRequested) void shutdown();
    else if (wm.postpone) reporter.info('waiting for a change before starting the command');
    else supervisor.request('first run');
  });
}
