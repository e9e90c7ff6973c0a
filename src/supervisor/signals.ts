/**
 * Signals systemfd forwards to the command (a terminal's Ctrl-C, a service manager's SIGTERM,
 * SIGHUP/SIGUSR1/SIGUSR2 that servers use to reload) and the exit-status mirroring that keeps
 * it as transparent as the exec'ing original systemfd, whose status and terminating signal
 * are the command's own.
 */
import { constants } from 'node:os';
import { treeControl } from './kill-tree.js';

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** False where signals cannot be re-raised on ourselves to die of them (Windows). */
export const mirrorsSignals = treeControl.mirrorsSignals;

/** Install one handler for every forwarded signal; returns the function that removes them. */
export function onForwardedSignals(handler: (signal: ForwardedSignal) => void): () => void {
  // Windows emulates only SIGINT and SIGHUP (libuv): installing others throws or never fires.
  const deliverable = treeControl.deliverableSignals;
  const signals = deliverable ? FORWARDED_SIGNALS.filter((signal) => deliverable.includes(signal)) : FORWARDED_SIGNALS;
  const listeners = signals.map((signal) => {
    const listener = () => handler(signal);
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => listeners.forEach(([signal, listener]) => process.off(signal, listener));
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The shell convention for a status that must be a number: 128 + signal number. */
export function statusCode(status: ExitStatus): number {
  if (status.signal) return 128 + (constants.signals[status.signal] ?? 0);
  return status.code ?? 1;
}
