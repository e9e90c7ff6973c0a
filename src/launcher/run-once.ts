/**
 * One-shot mode (`systemfd [OPTIONS] -- COMMAND`): what upstream does with exec, done as a
 * transparent parent: open sockets, announce them, run the command once with the sockets,
 * forward signals, and mirror its exit status. When the command exits, whatever is left of its
 * process tree is stopped too (nothing of it may outlive systemfd, holding the port) and our unix
 * socket files are removed (a later run would otherwise find a stale file in its way).
 */
import type { Reporter } from '../log/reporter.js';
import { openSocketSet } from '../sockets/socket-set.js';
import { onForwardedSignals, type ExitStatus, type ForwardedSignal } from '../supervisor/signals.js';
import { installJobControl } from '../supervisor/job-control.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { announceSockets } from './announce.js';
import { describeNodeWatch } from './node-watch-check.js';
import { inheritedHandOff } from './inherited-hand-off.js';
import type { LaunchOptions } from './options.js';
import { processGenerations } from './spawn-generation.js';
import { proxiedHandOff, type ProxiedHandOff } from './proxied-hand-off.js';
import { addressInUseHinter, announceProxied, openProxy } from './proxy-wiring.js';
import { DEFAULT_STOP_TIMEOUT_MS } from '../protocol/defaults.js';

/** The signals that end the command: proxied, these wait until its open connections finished. */
const DRAINING_SIGNALS: ReadonlySet<ForwardedSignal> = new Set(['SIGINT', 'SIGTERM']);

/** How long leftovers of the tree get after the command itself exited, before SIGKILL. */
const LEFTOVER_TIMEOUT_MS = 2_000;

export interface LaunchContext {
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
}

export async function runOnce(options: LaunchOptions, { reporter, env }: LaunchContext): Promise<ExitStatus> {
  // Handlers go in before anything exists: until a process has a SIGTERM handler, the signal
  // kills it outright, which here would orphan a just-spawned command and keep socket files.
  let supervisor: Supervisor | null = null;
  let received: ForwardedSignal | null = null;
  let proxied: ProxiedHandOff | null = null;
  let draining = false;
  const removeSignalHandlers = onForwardedSignals((signal) => {
    const running = supervisor;
    // Proxied, a stop signal: the command gets no new client and finishes its open ones before
    // the signal (a second one while that drain runs goes straight through). Any other signal
    // (SIGHUP to reload, SIGQUIT for a dump, USR1/USR2) is forwarded at once and the proxy keeps
    // routing to the command, which goes on serving.
    if (running && proxied && !draining && DRAINING_SIGNALS.has(signal)) {
      draining = true;
      void proxied.drain({ id: 1 }).then(() => running.signal(signal));
    } else if (running) running.signal(signal);
    else received ??= signal;
  });
  const removeJobControl = installJobControl({ signalAll: async (signal) => supervisor?.signalAll(signal) });
  try {
    const sockets = await openSocketSet(options.sockets, options.socket);
    const closeOnExit = () => sockets.closeSync();
    process.once('exit', closeOnExit);
    try {
      const proxy = await openProxy(options, sockets, reporter);
      if (proxy) announceProxied(reporter, sockets);
      else announceSockets(reporter, sockets);
      const nodeWatch = describeNodeWatch(options.command.argv);
      if (nodeWatch !== null) reporter.warn(nodeWatch);
      // A signal that came while the sockets were being opened: the command never starts.
      if (received) return { code: null, signal: received };
      // One generation, no readiness channels: the command's own NOTIFY_SOCKET (systemfd run
      // by systemd) is left alone, and nothing waits for readiness.
      proxied = proxy && proxiedHandOff({ handOff: proxy.handOff, command: options.command, reporter, finding: proxy.finding, stopTimeoutMs: () => DEFAULT_STOP_TIMEOUT_MS });
      const handOff = proxied || inheritedHandOff({ sockets, command: options.command, env, reporter, stop: {}, readiness: null });
      const factory = processGenerations({ command: options.command, handOff, env, stdin: 'inherit', stopSignal: 'SIGTERM', stopTimeoutMs: LEFTOVER_TIMEOUT_MS, withSockets: !proxied && sockets.sockets.length > 0 });
      // Proxied, clients are held until the probe sees the server's port (no timeout then).
      const once = new Supervisor({ factory, policy: 'replace', readyTimeoutMs: proxied ? 2 ** 31 - 1 : 0, restartOnExit: false });
      const switchTo = proxied;
      if (switchTo) once.on('ready', ({ id }) => switchTo.ready({ id }));
      const ended = new Promise<ExitStatus>((resolve, reject) => {
        once.once('exited', ({ status }) => resolve(status));
        once.once('failed-before-ready', ({ status }) => resolve(status));
        once.once('spawn-failed', ({ error }) => reject(error));
      });
      supervisor = once;
      const startedAt = Date.now();
      once.request('run');
      const status = await ended;
      if (!proxied) addressInUseHinter(sockets, reporter)(status, Date.now() - startedAt);
      // What the command left running is stopped too: nothing of its tree outlives systemfd.
      await once.shutdown();
      return status;
    } finally {
      // Also when the command could not be started: the proxy's listeners and reserved ports
      // would otherwise keep systemfd from exiting.
      await proxied?.close();
      await sockets.close();
      process.off('exit', closeOnExit);
    }
  } finally {
    removeSignalHandlers();
    removeJobControl();
  }
}
