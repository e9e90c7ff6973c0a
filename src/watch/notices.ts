/**
 * The text of what the watch side has to tell the user, for the launcher to print as `~>`
 * lines: a watch root that went away or came back, a restart loop found or over, restarts held
 * during git.
 */
import { formatDuration } from './duration.js';
import type { RootChange } from './types.js';

export function describeRootChange({ path, state }: RootChange): string {
  const name = path === '.' ? 'the watched directory' : path;
  if (state === 'gone') return `${name} was deleted; watching for it to come back`;
  if (state === 'back') return `${name} is back; watching it again`;
  return `${name} was replaced; watching the new one`;
}

/** A path found looping: its changes right after a start no longer restart, later ones do. */
export function describeLoop(path: string, startsInARow: number, windowMs: number): string {
  return `${path} changed right after each of the last ${startsInARow} starts (the command writes it?); its changes in the first ${formatDuration(windowMs)} after a start no longer restart, later ones still do; to ignore it for good: -i ${shellWord(path)}`;
}

/** A looping path that stopped following starts: all its changes restart again. */
export function describeLoopOver(path: string, starts: number): string {
  return `${path} did not change right after the last ${starts} starts; its changes restart again`;
}

export function describeHeld(operation: string | null): string {
  return `${operation ?? 'a git operation'} in progress; restarting once it ends`;
}

/** The path as one shell word (a glob that matches exactly it). */
function shellWord(path: string): string {
  const glob = path.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
  return /^[\w./-]+$/.test(glob) ? glob : `'${glob.replace(/'/g, `'\\''`)}'`;
}
