/**
 * The text of what the watch side has to tell the user, for the launcher to print as `~>`
 * lines: a watch root that went away or came back, a restart loop, restarts held during git.
 */
import type { RootChange } from './types.js';

export function describeRootChange({ path, state }: RootChange): string {
  const name = path === '.' ? 'the watched directory' : path;
  if (state === 'gone') return `${name} was deleted; watching for it to come back`;
  if (state === 'back') return `${name} is back; watching it again`;
  return `${name} was replaced; watching the new one`;
}

export function describeLoop(path: string, startsInARow: number): string {
  return `${path} changed right after each of the last ${startsInARow} starts (the command writes it?); not restarting for it any more; silence this with: -i ${shellWord(path)}`;
}

export function describeHeld(operation: string | null): string {
  return `${operation ?? 'a git operation'} in progress; restarting once it ends`;
}

/** The path as one shell word (a glob that matches exactly it). */
function shellWord(path: string): string {
  const glob = path.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
  return /^[\w./-]+$/.test(glob) ? glob : `'${glob.replace(/'/g, `'\\''`)}'`;
}
