/**
 * The restart policy for a command that exits on its own (`--restart-on-exit`): exponential
 * backoff, so a crash loop does not spin, starting over once a generation ran long enough to
 * count as healthy. Pure: the supervisor passes how long the generation ran.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
  /** A generation that ran at least this long resets the delay to `firstMs`. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { firstMs: 100, maxMs: 10_000, resetAfterMs: 5_000 };

export class RestartBackoff {
  readonly #options: BackoffOptions;
  #nextMs: number;

  constructor(options: BackoffOptions = DEFAULT_BACKOFF) {
    this.#options = options;
    this.#nextMs = options.firstMs;
  }

  /** The delay before restarting a generation that ran `ranMs` and then exited. */
  next(ranMs: number): number {
    const { firstMs, maxMs, resetAfterMs } = this.#options;
    if (ranMs >= resetAfterMs) this.#nextMs = firstMs;
    const delay = this.#nextMs;
    this.#nextMs = Math.min(delay * 2, maxMs);
    return delay;
  }
}
