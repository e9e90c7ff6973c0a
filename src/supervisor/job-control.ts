/**
 * Job control for the whole tree. Every generation runs in a session of its own (so one kill
 * reaches its whole group), which also means it has no controlling terminal: the terminal's
 * Ctrl-Z (SIGTSTP), SIGTTIN/SIGTTOU and window-size changes (SIGWINCH) reach systemfd only.
 * Without this, Ctrl-Z would suspend systemfd while the server kept running and serving.
 *
 * On a stop signal: SIGSTOP every generation's tree (group, known descendants and tagged
 * escapees, through the tree control), then SIGSTOP ourselves. SIGSTOP, not SIGTSTP, for both:
 * the kernel discards SIGTSTP/SIGTTIN/SIGTTOU with the default action in an orphaned process
 * group, and every generation's group is one (its parent, systemfd, is in another session);
 * SIGSTOP cannot be discarded. Stopping ourselves with kill() is synchronous: the call returns
 * only after someone sent SIGCONT (the shell's `fg`/`bg`), so the time spent suspended is known
 * exactly and recorded (awake-clock.ts) before any timer of ours runs; then the trees get
 * SIGCONT. A SIGCONT from elsewhere (systemfd stopped with an uncatchable SIGSTOP) resumes the
 * trees too.
 *
 * Generations never get SIGTTIN/SIGTTOU themselves: those come only to the terminal's own
 * session. They still read and write the terminal's fds they inherited.
 */
import { monotonicMs, recordSuspension } from './awake-clock.js';
import { treeControl } from './kill-tree.js';

/** What job control needs from the supervisor (and from anything else that runs trees: builds). */
export interface SignalledTree {
  signalAll(signal: NodeJS.Signals): Promise<void>;
}

const STOP_SIGNALS = ['SIGTSTP', 'SIGTTIN', 'SIGTTOU'] as const;

/** Signals this OS delivers to us as events (Windows emulates only a few). */
function deliverable(signal: NodeJS.Signals): boolean {
  const list = treeControl.deliverableSignals;
  return list === null || list.includes(signal);
}

/** Install the handlers for `trees`; returns the function that removes them. */
export function installJobControl(...trees: SignalledTree[]): () => void {
  const tree = { signalAll: async (signal: NodeJS.Signals) => void (await Promise.all(trees.map((t) => t.signalAll(signal)))) };
  let suspending = false;
  const suspend = async (): Promise<void> => {
    if (suspending) return;
    suspending = true;
    try {
      await tree.signalAll('SIGSTOP');
      // A generation started while that ran (a restart resuming in between) is stopped too:
      // where /proc lists the tree this pass acts before the call returns.
      void tree.signalAll('SIGSTOP');
      const stoppedAt = monotonicMs();
      process.kill(process.pid, 'SIGSTOP');
      recordSuspension(monotonicMs() - stoppedAt);
      await tree.signalAll('SIGCONT');
    } finally {
      suspending = false;
    }
  };
  const handlers: [NodeJS.Signals, () => void][] = [
    ...STOP_SIGNALS.map((signal) => [signal, () => void suspend()] as [NodeJS.Signals, () => void]),
    ['SIGCONT', () => { if (!suspending) void tree.signalAll('SIGCONT'); }],
    // The generation's own terminal size is read from the fds it inherited; it only needs the
    // signal to know when to read it again.
    ['SIGWINCH', () => void tree.signalAll('SIGWINCH')],
  ];
  const installed = handlers.filter(([signal]) => deliverable(signal));
  for (const [signal, handler] of installed) process.on(signal, handler);
  return () => installed.forEach(([signal, handler]) => process.off(signal, handler));
}
