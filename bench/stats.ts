/** Small statistics over millisecond samples. */

export interface Summary {
  n: number;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** Nearest-rank percentile (p in 0..100) of the samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? null;
}

export function median(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * The largest sample, or -Infinity for none. A loop, not Math.max(...samples): spreading a
 * hundred thousand replies into arguments overflows the call stack.
 */
export function maxOf(samples: readonly number[]): number {
  let max = -Infinity;
  for (const sample of samples) if (sample > max) max = sample;
  return max;
}

function minOf(samples: readonly number[]): number {
  let min = Infinity;
  for (const sample of samples) if (sample < min) min = sample;
  return min;
}

export function summarize(samples: readonly number[]): Summary {
  const r = (x: number | null) => (x === null ? null : round1(x));
  return {
    n: samples.length,
    median: r(median(samples)),
    p90: r(percentile(samples, 90)),
    min: r(samples.length ? minOf(samples) : null),
    max: r(samples.length ? maxOf(samples) : null),
  };
}
