/**
 * One-shot mode (`systemfd [OPTIONS] -- COMMAND`): what upstream does with exec, done as a
 * transparent parent: open sockets, announce them, run the command once with the sockets,
 * forward signals, and mirror its exit status. When the command exits, whatever is left of its
 * process tree is stopped too (nothing may keep serving after the command is gone) and our unix
 * socket files are removed (a stale file would make the next bind fail).
 */
import type { ChildProcess } from 'node:child_process';
import { SpawnError } from '../errors.js';
import type { Reporter } from '../log/reporter.js';
import { openSocketSet } from '../sockets/socket-set.js';
import { signalTree, stopTree } from '../supervisor/kill-tree.js';
import { onForwardedSignals, type ExitStatus, type ForwardedSignal } from '../supervisor/signals.js';
import { announceSockets } from './announce.js';
import { buildChildEnv } from './child-env.js';
import { spawnGeneration } from './spawn-generation.js';
import { DEFAULT_STOP_TIMEOUT_MS, type LaunchOptions } from './options.js';
import { addressInUseHinter, openProxyWiring, type ProxyWiring } from './proxy-wiring.js';

/** How long leftovers of the tree get after the command itself exited, before SIGKILL. */
const LEFTOVER_TIMEOUT_MS = 2_000;

export interface LaunchContext {
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
}

export async function runOnce(options: LaunchOptions, { reporter, env }: LaunchContext): Promise<ExitStatus> {
  // Handlers go in before anything exists: until a process has a SIGTERM handler, the signal
  // kills it outright, which here would orphan a just-spawned command and keep socket files.
  let child: ChildProcess | null = null;
  let received: ForwardedSignal | null = null;
  let proxy: ProxyWiring | null = null;
  const removeSignalHandlers = onForwardedSignals((signal) => {
    const running = child;
    // Proxied: the command gets no new client and finishes its open ones before the signal.
    if (running && proxy && !proxy.draining && signal !== 'SIGUSR1' && signal !== 'SIGUSR2') void proxy.drainThen(() => signalTree(running, signal));
    else if (running) void signalTree(running, signal);
    else received ??= signal;
  });
  try {
    const sockets = await openSocketSet(options.sockets, options.socket);
    const closeOnExit = () => sockets.closeSync();
    process.once('exit', closeOnExit);
    try {
      proxy = await openProxyWiring(options, sockets, { reporter, drainTimeoutMs: DEFAULT_STOP_TIMEOUT_MS });
      if (proxy) proxy.announce(sockets);
      else announceSockets(reporter, sockets);
      proxy?.prepare();
      // A signal that came while the sockets were being opened: the command never starts.
      if (received) return { code: null, signal: received };
      const proxied = proxy?.spawnPatch(options.command);
      const envPatch = proxied ? proxied.envPatch : buildChildEnv(sockets, options.command, {}, env, reporter);
      const started = spawnGeneration(options.command, sockets, { env, envPatch, stdin: 'inherit', ...(proxied ? { proxied } : {}) });
      child = started;
      proxy?.started(started);
      const startedAt = Date.now();
      const status = await waitForChild(started, options.command.argv[0] ?? '');
      if (!proxy) addressInUseHinter(sockets, reporter)(status, Date.now() - startedAt);
      await stopTree(started, { signal: 'SIGTERM', timeoutMs: LEFTOVER_TIMEOUT_MS });
      return status;
    } finally {
      proxy?.close();
      await sockets.close();
      process.off('exit', closeOnExit);
    }
  } finally {
    removeSignalHandlers();
  }
}

function waitForChild(child: ChildProcess, program: string): Promise<ExitStatus> {
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new SpawnError(`failed to start '${program}': ${error.code ?? error.message}`, { cause: error }));
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}
