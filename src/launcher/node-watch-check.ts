/**
 * `node --watch server.js` restarts the server itself, inside the one process systemfd
 * started. Under `systemfd watch` both restart on a change (double restarts, the second one
 * racing the first for the sockets); under one-shot mode the restarted child is a grandchild
 * that gets the sockets only through the preload. The check only warns: the command may still
 * be what the user wants, so it keeps running.
 */
import { basename } from 'node:path';

/** Node options that take the next word as their value, so that word is not the script. */
const TAKES_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--watch-path', '--env-file', '--conditions', '-C', '--input-type', '--title']);

/** The script node would run (first word after its options), or null when there is none. */
function scriptOf(rest: readonly string[]): { watch: boolean; script: string | null } {
  let watch = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') return { watch, script: rest[i + 1] ?? null };
    if (!arg.startsWith('-')) return { watch, script: arg };
    const flag = arg.split('=', 1)[0]!;
    if (flag === '--watch' || flag === '--watch-path') watch = true;
    if (TAKES_VALUE.has(arg)) i++;
  }
  return { watch, script: null };
}

function isNode(program: string | undefined): boolean {
  if (program === undefined) return false;
  const name = basename(program).toLowerCase().replace(/\.exe$/, '');
  return name === 'node' || name === 'nodejs';
}

/** True when argv runs node (or nodejs) with --watch or --watch-path before its script. */
export function usesNodeWatch(argv: readonly string[]): boolean {
  return isNode(argv[0]) && scriptOf(argv.slice(1)).watch;
}

/** The one warning line, or null when the command does not use node --watch. */
export function describeNodeWatch(argv: readonly string[]): string | null {
  if (!usesNodeWatch(argv)) return null;
  const script = scriptOf(argv.slice(1)).script ?? 'server.js';
  return `node --watch restarts the server itself inside one process: under systemfd watch that means double restarts, and in one-shot mode its restarted child gets the sockets only through the preload; use 'systemfd watch -- node ${script}' instead`;
}
