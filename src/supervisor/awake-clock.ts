/**
 * Time that counts for systemfd's deadlines: wall time minus the time the whole tree spent
 * suspended by job control (Ctrl-Z until `fg`). A stop timeout, a readiness timeout or a
 * restart backoff measures how long a process had to do something; while it was stopped it
 * could do nothing, so those minutes must not count. Without this, a server that was asked to
 * stop just before Ctrl-Z would be SIGKILLed the moment it resumes, and a starting one would be
 * declared ready by timeout.
 *
 * Suspensions are recorded by job-control.ts, which stops systemfd synchronously and so knows
 * exactly how long it was stopped, before any timer of ours can run again.
 */

let suspendedMs = 0;

/**
 * Monotonic milliseconds. process.hrtime rather than performance.now(): the first use of the
 * `performance` global loads Node's whole perf_hooks machinery, a cost paid on every start.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/** Monotonic milliseconds that exclude suspensions recorded so far. */
export function awakeNow(): number {
  return monotonicMs() - suspendedMs;
}

/** Add one suspension of `ms` to what awakeNow() leaves out. */
export function recordSuspension(ms: number): void {
  if (ms > 0) suspendedMs += ms;
}

/**
 * setTimeout whose `ms` counts awake time only. When it fires after a suspension, it waits
 * again instead of calling `fn` early. It stays a plain Timeout (clearTimeout and unref work);
 * re-arming can only reuse the original delay, so a suspension may lengthen the wait by up to
 * one delay, never shorten it.
 */
export function awakeTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  const armedAt = awakeNow();
  let suspendedAtArm = suspendedMs;
  const timer: NodeJS.Timeout = setTimeout(() => {
    if (suspendedMs !== suspendedAtArm && awakeNow() - armedAt < ms) {
      suspendedAtArm = suspendedMs;
      timer.refresh();
      return;
    }
    fn();
  }, ms);
  return timer;
}
