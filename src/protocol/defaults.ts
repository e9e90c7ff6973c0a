/**
 * Defaults that both sides of the child's environment need: the launcher (through the settings
 * table) and the preload inside every Node process of the command's tree, which falls back to
 * them when a variable is missing. No imports, so the preload can load it for nothing.
 */

/** The signal that asks the command to stop. */
export const DEFAULT_STOP_SIGNAL = 'SIGTERM';
/** How long a stop waits after the signal before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/** How long a new generation may stay silent before it is taken as ready anyway. */
export const DEFAULT_READY_TIMEOUT_MS = 10_000;
