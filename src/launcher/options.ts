/**
 * LaunchOptions: everything the core needs, fully resolved, so the core never sees a missing option. Defaults live here
 * and nowhere else; the CLI and `.systemfdrc` only override them.
 */
import type { ColorChoice } from '../log/reporter.js';
import type { SocketOptions } from '../sockets/socket-set.js';
import type { SocketSpec } from '../sockets/spec.js';
import type { WatchOptions } from '../watch/types.js';

export interface OutputOptions {
  quiet: boolean;
  verbose: boolean;
  color: ColorChoice;
}

export interface CommandOptions {
  /** argv of the command: program then arguments, never through a shell. */
  argv: string[];
  cwd: string;
  /** Extra environment for the command (-E KEY=VALUE, rc `env`). */
  env: Record<string, string>;
  /** Set LISTEN_PID to the command's own pid (off with --no-pid). */
  pid: boolean;
  /** Inject the Node preload through NODE_OPTIONS (off with --no-node-preload). */
  nodePreload: boolean;
}

export type RestartPolicy = 'on-change' | 'on-exit';

export interface WatchModeOptions {
  watch: WatchOptions;
  debounceMs: number;
  /** Shell commands run in order before each start; a failure keeps the old server. */
  build: string[];
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
  /** 'on-change': a crashed command waits for the next change; 'on-exit': restart with backoff. */
  restart: RestartPolicy;
  /** Clear the terminal before each restart (TTY only). */
  clear: boolean;
  /** Read `rs` + Enter from stdin (off with --no-stdin: the command gets stdin). */
  stdin: boolean;
  /** Wait for the first change before the first start. */
  postpone: boolean;
}

export interface LaunchOptions {
  sockets: SocketSpec[];
  /** Forward connections to a private port per generation instead of passing the sockets. */
  proxy: boolean;
  socket: SocketOptions;
  command: CommandOptions;
  output: OutputOptions;
}

export interface WatchLaunchOptions extends LaunchOptions {
  watchMode: WatchModeOptions;
}

/**
 * The default backlog is the system maximum. The kernel silently caps listen()'s
 * argument at SOMAXCONN (Linux net.core.somaxconn, macOS kern.ipc.somaxconn), so asking for
 * the largest int gets exactly that maximum everywhere.
 */
export const DEFAULT_BACKLOG = 2 ** 31 - 1;
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/**
 * Short on purpose: the old generation is stopped on the first change already, so the debounce
 * is almost all of what a restart adds to the server's own start time (the aim is about +30 ms).
 * 20 ms still turns a git checkout or a formatter run (writes back to back) into one restart.
 */
export const DEFAULT_DEBOUNCE_MS = 20;
export const DEFAULT_POLL_INTERVAL_MS = 500;

export const defaultSocketOptions = (): SocketOptions => ({ backlog: DEFAULT_BACKLOG, reuseAddr: true, reusePort: false });

export const defaultOutputOptions = (): OutputOptions => ({ quiet: false, verbose: false, color: 'auto' });

export const defaultWatchOptions = (cwd: string): WatchOptions => ({
  cwd,
  paths: ['.'],
  include: [],
  ignore: [],
  exts: [],
  gitignore: true,
  defaultIgnores: true,
  poll: false,
});

export const defaultWatchModeOptions = (cwd: string): WatchModeOptions => ({
  watch: defaultWatchOptions(cwd),
  debounceMs: DEFAULT_DEBOUNCE_MS,
  build: [],
  stopSignal: 'SIGTERM',
  stopTimeoutMs: DEFAULT_STOP_TIMEOUT_MS,
  restart: 'on-change',
  clear: false,
  stdin: true,
  postpone: false,
});
