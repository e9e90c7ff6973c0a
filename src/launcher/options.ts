/**
 * LaunchOptions: everything the core needs, fully resolved, so the launcher never looks at flags
 * or files. The shapes come from the settings table (each row names where its value lands);
 * the defaults are the table's rows.
 */
import type { OnceOptionsTree, WatchOptionsTree } from '../settings/table.js';
import type { SocketOptions } from '../sockets/socket-set.js';
import type { WatchOptions } from '../watch/types.js';

export type { RestartPolicy } from '../settings/rows-watch.js';
export { DEFAULT_DEBOUNCE_MS, DEFAULT_POLL_INTERVAL_MS } from '../settings/rows-watch.js';
export { DEFAULT_BACKLOG } from '../settings/rows-run.js';
export { DEFAULT_STOP_TIMEOUT_MS } from '../protocol/defaults.js';

export type LaunchOptions = OnceOptionsTree;
export type WatchLaunchOptions = WatchOptionsTree;
export type OutputOptions = LaunchOptions['output'];
/** argv (program then arguments, never through a shell), cwd, extra env, LISTEN_PID, preload. */
export type CommandOptions = LaunchOptions['command'];
export type WatchModeOptions = WatchLaunchOptions['watchMode'];

// The table's shapes must be what the components take: a row with a wrong target fails here.
type Assert<T extends true> = T;
export type SocketOptionsFit = Assert<LaunchOptions['socket'] extends SocketOptions ? true : false>;
export type WatchOptionsFit = Assert<WatchModeOptions['watch'] extends WatchOptions ? true : false>;
