/** "did you mean ...?" for unknown keys: the closest known name by edit distance, if close. */

/** Levenshtein distance (insert, delete, substitute; each costs 1), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[t.length] as number;
}

/**
 * The candidate nearest to `input`, when near enough to be a typo: at most a third of the
 * input's length in edits (at least 1, at most 3), or the same word in another case or with
 * dashes/underscores (`stop-signal` → `stopSignal`). Ties go to the earlier candidate.
 */
export function suggest(input: string, candidates: readonly string[]): string | null {
  const squash = (word: string): string => word.toLowerCase().replace(/[-_\s]/g, '');
  const exact = candidates.find((candidate) => squash(candidate) === squash(input));
  if (exact !== undefined) return exact;
  const limit = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : null;
}
