/**
 * Run a command behind an intermediary shell that forks it (the trailing `; :` keeps dash from
 * exec'ing the last command), as `cargo watch` or `sh -c` setups do. LISTEN_PID then names the
 * shell, which is what `--no-pid` is for: without LISTEN_PID,
 * consumers take the sockets whatever their own pid is.
 */
export const behindShell = (command: readonly string[]): string[] => ['sh', '-c', '"$@"; :', 'sh', ...command];
