/** The "what changed" part of a restart line: `src/app.ts changed`, `src/a.ts and 499 more changed`. */
import type { FileChange } from '../watch/types.js';

const VERB: Record<FileChange['kind'], string> = {
  add: 'added',
  addDir: 'added',
  change: 'changed',
  unlink: 'removed',
  unlinkDir: 'removed',
};

export function describeChanges(changes: readonly FileChange[]): string {
  const [first] = changes;
  if (!first) return 'no change';
  if (changes.length === 1) return `${first.path} ${VERB[first.kind]}`;
  const verbs = new Set(changes.map((c) => VERB[c.kind]));
  const verb = verbs.size === 1 ? VERB[first.kind] : 'changed';
  return `${first.path} and ${changes.length - 1} more ${verb}`;
}
