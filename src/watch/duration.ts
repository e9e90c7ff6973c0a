/**
 * Durations with mandatory units (`100ms`, `1.5s`, `2m`, `1m30s`) for every duration setting
 * (`--debounce`, `--stop-timeout`, `--poll`, ... and their `.systemfdrc` keys): one parser and
 * one set of bounds for all of them.
 *
 * A bare number is rejected on purpose: nodemon's `--delay 500` is seconds in some versions and
 * milliseconds in others, and users cannot tell which they got. Requiring the unit removes the
 * question.
 */

/** A duration text that cannot be used; callers prefix the flag or key it came from. */
export class DurationError extends Error {
  readonly text: string;

  constructor(text: string, message: string) {
    super(message);
    this.text = text;
    Object.defineProperty(this, 'name', { value: 'DurationError', enumerable: false });
  }
}

/**
 * The longest duration a Node timer can wait: setTimeout takes a signed 32-bit millisecond
 * count and silently turns anything larger into 1 ms, so `--stop-timeout 1000h` would
 * SIGKILL at once. About 24.8 days.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** One `<number><unit>` segment; `1m30s` is two segments. */
const SEGMENT = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;
const SYNTAX = 'write e.g. 100ms, 1.5s, 2m or 1m30s (units: ms, s, m, h)';

export interface DurationBounds {
  /** Smallest accepted value in ms (default 0). */
  minMs?: number;
}

/**
 * Parse a duration into milliseconds (rounded to a whole millisecond).
 * Accepts one or more `<number><unit>` segments with units `ms`, `s`, `m`, `h`, in any order
 * but each unit at most once (`1m30s`, `1.5s`, `250ms`). Surrounding whitespace is allowed.
 * @throws DurationError for an empty text, a negative value, a missing unit (`500`), an unknown
 *   unit, a value outside the bounds or any other junk; the message says what to write instead.
 */
export function parseDuration(text: string, { minMs = 0 }: DurationBounds = {}): number {
  const input = text.trim();
  if (input === '') throw new DurationError(text, `an empty text is not a duration: ${SYNTAX}`);
  if (input.startsWith('-')) throw new DurationError(text, `${input} is not a duration: it is negative; ${SYNTAX}`);
  if (/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(input)) {
    throw new DurationError(text, `duration '${input}' has no unit: write ${input}ms or ${input}s (units: ms, s, m, h)`);
  }
  let total = 0;
  const seen = new Set<Unit>();
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < input.length) {
    const at = SEGMENT.lastIndex;
    const match = SEGMENT.exec(input);
    if (match === null) throw new DurationError(text, `invalid duration '${input}' at '${input.slice(at)}': ${SYNTAX}`);
    const unit = match[2] as Unit;
    if (seen.has(unit)) throw new DurationError(text, `invalid duration '${input}': unit '${unit}' given twice`);
    seen.add(unit);
    total += Number(match[1]) * UNIT_MS[unit];
  }
  const ms = Math.round(total);
  if (!(ms <= MAX_DURATION_MS)) throw new DurationError(text, `${input} is longer than the 24-day maximum (Node timers cannot wait longer)`);
  if (ms < minMs) throw new DurationError(text, `${input} is shorter than the minimum of ${formatDuration(minMs)}`);
  return ms;
}

/** Render milliseconds the way parseDuration reads them (`1.5s`, `250ms`), for messages. */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
