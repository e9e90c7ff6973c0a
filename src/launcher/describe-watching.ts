/**
 * The first line of watch mode: a newcomer learns what is watched and that `rs` + Enter
 * restarts by hand. The hint is left out when stdin is not read (--no-stdin), since typing
 * `rs` would then do nothing.
 */
export function describeWatching(paths: readonly string[], readsStdin: boolean): string {
  const hint = readsStdin ? ' (type rs + Enter to restart)' : '';
  return `watching ${paths.join(', ')}${hint}`;
}
