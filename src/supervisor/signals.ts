/**
 * Signals systemfd forwards to the command (it runs in its own process group, so the terminal's
 * signals no longer reach it directly) and the exit-status mirroring that keeps it as
 * transparent as the exec'ing original (whose exit status and terminating signal are the
 * command's own, since it is the command).
 */
import { constants } from 'node:os';

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** Windows emulates only these (libuv): installing others throws or never fires. */
const WINDOWS_SIGNALS: readonly ForwardedSignal[] = ['SIGINT', 'SIGHUP'];

/** Install one handler for every forwarded signal; returns the function that removes them. */
export function onForwardedSignals(handler: (signal: ForwardedSignal) => void): () => void {
  const signals = process.platform === 'win32' ? WINDOWS_SIGNALS : FORWARDED_SIGNALS;
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
