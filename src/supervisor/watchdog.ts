/**
 * The watchdog: a small process that outlives systemfd by design. It reads lines from a pipe
 * whose other end only systemfd holds (`group <pgid>`, `forget <pgid>`); when the pipe ends,
 * systemfd is gone, and everything systemfd started must go too: the process groups it was
 * told about and, where /proc exists, every process whose start environment carries this
 * session's generation tag (daemons that left the group with setsid).
 *
 * After a clean exit systemfd has already stopped its trees, so the sweep finds nothing. The
 * kill is SIGKILL at once: there is nobody left to report a graceful stop to, and a tree that
 * survives its supervisor holds the port against the next run.
 *
 * It is a POSIX shell script, not a Node program: a shell is up in about a millisecond, where
 * a second Node would boot next to the user's command, and it needs no file of its own in the
 * package. Only the shell's builtins and two tools every /proc system has are used: `grep -lzs`
 * (GNU and busybox; -z reads the NUL-separated environ as lines, -s ignores processes that are
 * gone or belong to another user) and `sleep` with a fraction. Where there is no /proc (macOS)
 * the groups are all it knows of. Zombies have no readable environ, so the sweep skips them by
 * itself; the watchdog's environment holds nothing but PATH, so it never carries a tag, and it
 * skips its own pid anyway. A sweep is repeated while it still finds something (a process forked
 * while the last one ran), a bounded number of times.
 */
import { GENERATION_VAR } from './generation-tag.js';

const SWEEP_ROUNDS = 20;
const SWEEP_INTERVAL_S = '0.05';

/**
 * `sh -c WATCHDOG_SCRIPT <name> <session id>`. A session id is letters, digits and dashes
 * (generation-tag.ts); anything else is refused, so it can go into the grep pattern as it is.
 */
export const WATCHDOG_SCRIPT = `
case $1 in ''|*[!0-9A-Za-z-]*) exit 2;; esac
groups=
while read -r verb pgid; do
  case $pgid in ''|*[!0-9]*) continue;; esac
  [ "$pgid" -gt 1 ] 2>/dev/null || continue
  case $verb in
    group) groups="$groups $pgid";;
    forget) kept=; for g in $groups; do [ "$g" = "$pgid" ] || kept="$kept $g"; done; groups=$kept;;
  esac
done
round=0
while :; do
  found=
  for g in $groups; do kill -9 "-$g" 2>/dev/null && found=1; done
  if [ -d /proc/self ]; then
    for f in $(grep -lzs "^${GENERATION_VAR}=$1\\." /proc/[0-9]*/environ); do
      pid=\${f#/proc/}; pid=\${pid%/environ}
      [ "$pid" = "$$" ] || { kill -9 "$pid" 2>/dev/null && found=1; }
    done
  fi
  [ -n "$found" ] && [ "$round" -lt ${SWEEP_ROUNDS} ] || exit 0
  round=$((round + 1))
  sleep ${SWEEP_INTERVAL_S} 2>/dev/null || sleep 1
done
`;
