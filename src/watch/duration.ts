/**
 * Durations with mandatory units (`100ms`, `1.5s`, `2m`, `1m30s`) for `--debounce`,
 * `--stop-timeout` and their `.systemfdrc` keys.
 *
 * A bare number is rejected on purpose: nodemon's `--delay 500` is seconds in some versions and
 * milliseconds in others, and users cannot tell which they got. Requiring the unit removes the
 * question (issue 3, "a real duration syntax").
 */

/** A duration text that cannot be parsed; the CLI wraps it into a UsageError naming the flag. */
export class DurationError extends Error {
  readonly text: string;

  constructor(text: string, message: string) {
    super(message);
    this.text = text;
    Object.defineProperty(this, 'name', { value: 'DurationError', enumerable: false });
  }
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** One `<number><unit>` segment; `1m30s` is two segments. */
const SEGMENT = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/y;

/**
 * Parse a duration into milliseconds (rounded to a whole millisecond).
 * Accepts one or more `<number><unit>` segments with units `ms`, `s`, `m`, `h`, in any order
 * but each unit at most once (`1m30s`, `1.5s`, `250ms`). Surrounding whitespace is allowed.
 * @throws DurationError for an empty text, a missing unit (`500`), an unknown unit, a negative
 *   value or any other junk; the message says what to write instead.
 */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (input === '') throw new DurationError(text, 'empty duration: write e.g. 100ms, 1.5s or 2m');
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(input)) {
    throw new DurationError(
      text,
      `duration '${text}' has no unit: write ${input}ms or ${input}s (units: ms, s, m, h)`,
    );
  }
  if (input.startsWith('-')) throw new DurationError(text, `duration '${text}' is negative`);
  let total = 0;
  const seen = new Set<Unit>();
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < input.length) {
    const at = SEGMENT.lastIndex;
    const match = SEGMENT.exec(input);
    if (match === null) {
      throw new DurationError(
        text,
        `invalid duration '${text}' at '${input.slice(at)}': write e.g. 100ms, 1.5s, 2m or 1m30s (units: ms, s, m, h)`,
      );
    }
    const unit = match[2] as Unit;
    if (seen.has(unit)) throw new DurationError(text, `invalid duration '${text}': unit '${unit}' given twice`);
    seen.add(unit);
    total += Number(match[1]) * UNIT_MS[unit];
  }
  if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
    throw new DurationError(text, `duration '${text}' is too large`);
  }
  return Math.round(total);
}

/** Render milliseconds the way parseDuration reads them (`1.5s`, `250ms`), for messages. */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
