/** Settings of watch mode: what is watched, how a restart runs. */
import { DEFAULT_READY_TIMEOUT_MS, DEFAULT_STOP_SIGNAL, DEFAULT_STOP_TIMEOUT_MS } from '../protocol/defaults.js';
import { extensions, globItem, list, shellCommands, switchOrDuration } from './compound-types.js';
import { WATCH, setting } from './row.js';
import { boolean, duration, signal } from './scalar-types.js';
import type { ValueType } from './value-type.js';

/**
 * Short on purpose: the old generation is stopped on the first change already, so the debounce
 * is almost all of what a restart adds to the server's own start time. 20 ms still turns a git
 * checkout or a formatter run (writes back to back) into one restart.
 */
export const DEFAULT_DEBOUNCE_MS = 20;
export const DEFAULT_POLL_INTERVAL_MS = 500;

export type RestartPolicy = 'on-change' | 'on-exit';

/** `--restart-on-exit` as the policy the launcher runs. */
function restartPolicy(): ValueType<boolean, RestartPolicy> {
  return { ...boolean(), parse: (raw) => (raw ? 'on-exit' : 'on-change'), show: (value) => value === 'on-exit' };
}

export const WATCH_SETTINGS = {
  watch: setting({
    type: list('PATH', 'a path', undefined, { nonEmpty: true }), target: 'watchMode.watch.paths', default: ['.'], defaultText: 'the current directory', modes: WATCH, flags: ['-w', '--watch'],
    description: 'Path to watch, repeatable.',
  }),
  exts: setting({
    type: extensions(), target: 'watchMode.watch.exts', default: [], modes: WATCH, flags: ['-e', '--ext', '--exts'], defaultText: 'any',
    description: 'Only files with these extensions, e.g. -e ts,json (in the file: ["ts", "json"]).',
  }),
  include: setting({
    type: list('GLOB', 'a glob', globItem), target: 'watchMode.watch.include', default: [], modes: WATCH, flags: ['-f', '--filter', '--include'], defaultText: 'everything',
    description: 'Only paths matching one of these globs (picomatch), repeatable.',
  }),
  ignore: setting({
    type: list('GLOB', 'a glob', globItem), target: 'watchMode.watch.ignore', default: [], modes: WATCH, flags: ['-i', '--ignore'], defaultText: 'none',
    description: 'Ignore paths matching this glob, repeatable (a glob without / matches at any depth).',
  }),
  gitignore: setting({
    type: boolean(), target: 'watchMode.watch.gitignore', default: true, modes: WATCH, flags: ['--gitignore'],
    description: 'Honour .gitignore files (--no-gitignore turns it off).',
  }),
  defaultIgnore: setting({
    type: boolean(), target: 'watchMode.watch.defaultIgnores', default: true, modes: WATCH, flags: ['--default-ignore'],
    description: 'The built-in ignores: .git, node_modules, caches, editor swap files (--no-default-ignore turns them off).',
  }),
  poll: setting({
    type: switchOrDuration(DEFAULT_POLL_INTERVAL_MS, 1), target: 'watchMode.watch.poll', default: false, modes: WATCH, flags: ['--poll'], defaultText: 'OS events',
    description: 'Poll for changes instead of OS events, every 500ms or at the interval given (--poll 1s, --poll=1s; in the file: true or "1s").',
  }),
  debounce: setting({
    type: duration(), target: 'watchMode.debounceMs', default: DEFAULT_DEBOUNCE_MS, modes: WATCH, flags: ['-d', '--debounce'],
    description: 'Quiet time that ends a burst of changes, with a unit: 20ms, 1s.',
  }),
  build: setting({
    type: shellCommands(), target: 'watchMode.build', default: [], modes: WATCH, flags: ['-x', '--build'], defaultText: 'none',
    description: 'Shell command to run before each start, repeatable, in order; a failure keeps the previous server running.',
  }),
  stopSignal: setting({
    type: signal(), target: 'watchMode.stopSignal', default: DEFAULT_STOP_SIGNAL, modes: WATCH, flags: ['--stop-signal'],
    description: 'Signal that asks the command to stop, e.g. SIGTERM, INT.',
  }),
  stopTimeout: setting({
    type: duration(), target: 'watchMode.stopTimeoutMs', default: DEFAULT_STOP_TIMEOUT_MS, modes: WATCH, flags: ['--stop-timeout'],
    description: 'How long to wait after the stop signal before SIGKILL, with a unit.',
  }),
  readyTimeout: setting({
    type: duration(), target: 'watchMode.readyTimeoutMs', default: DEFAULT_READY_TIMEOUT_MS, modes: WATCH, flags: ['--ready-timeout'],
    description: 'A new generation that gives no readiness signal (the preload, NOTIFY_SOCKET) by then is taken as ready, with a warning; 0s: at once.',
  }),
  overlap: setting({
    type: boolean(), target: 'watchMode.overlap', default: false, modes: WATCH, flags: ['--overlap'],
    description: 'Start the next generation beside the running one and switch once it is ready; if it dies first, the old one keeps serving.',
  }),
  restartOnExit: setting({
    type: restartPolicy(), target: 'watchMode.restart', default: 'on-change', defaultText: 'wait for a change', modes: WATCH, flags: ['--restart-on-exit'],
    description: 'Restart a command that exited on its own, with exponential backoff.',
  }),
  clear: setting({
    type: boolean(), target: 'watchMode.clear', default: false, modes: WATCH, flags: ['-c', '--clear'],
    description: 'Clear the terminal before each restart.',
  }),
  stdin: setting({
    type: boolean(), target: 'watchMode.stdin', reload: 'session', default: true, modes: WATCH, flags: ['--stdin'],
    description: 'Read stdin: `rs` + Enter restarts, other lines go to the command through a pipe (--no-stdin gives the command the terminal instead).',
  }),
  postpone: setting({
    type: boolean(), target: 'watchMode.postpone', default: false, modes: WATCH, flags: ['-p', '--postpone'],
    description: 'Wait for the first change before starting the command.',
  }),
};
