/**
 * The watcher's central decision, as a pure function: an OS event only says "something happened
 * to NAME in DIR"; once the name has settled it is stat()ed, and this compares what is there now
 * with what the directory table says was there, and returns what to report and how the table
 * changes. No I/O, so every case is a row in a table test.
 *
 * Why it looks at the result after the fact rather than at the event: an editor's atomic save
 * (write a temp file, rename it over the target) then is ONE change of a known file, and the temp
 * file, already gone when looked at, is nothing at all.
 */
import type { FileChangeKind } from './types.js';

/** What the table remembers about a name: `ignoredDir` is a directory never walked nor watched. */
export type EntryKind = 'file' | 'dir' | 'ignoredDir' | 'other';

export interface EntryFacts {
  /** What the table says the name was (undefined: not known). */
  previous: EntryKind | undefined;
  /** What stat says is there now; null when nothing is. */
  now: { type: 'file' | 'dir' | 'other'; ino: number } | null;
  /**
   * For a name that was a directory: that directory's table, if still tracked. `suspect` means
   * its own watch reported its deletion, so a directory found there now is a new one even if the
   * file system reused the inode number.
   */
  tracked: { ino: number; suspect: boolean } | null;
  /** Why a directory at this path is not walked (the matcher's answer), or null; asked only when needed. */
  dirIgnoredBecause: () => string | null;
  /** The file is where systemfd's own stdout or stderr goes: writing a line must not restart. */
  ownOutput: boolean;
}

export type EntryStep =
  /** Emit a change of the path (the watcher's file filters still apply). */
  | { step: 'report'; kind: FileChangeKind }
  /** Emit an `ignored` event with this reason. */
  | { step: 'ignored'; kind: FileChangeKind; reason: string }
  /** Forget the directory subtree that was at the path, reporting what vanished. */
  | { step: 'dropDir' }
  /** Walk the new directory at the path, reporting its content as added. */
  | { step: 'walk' };

export interface EntryDecision {
  /** The table's entry for the name afterwards: a kind, 'forget' or 'keep' (unchanged). */
  entry: EntryKind | 'forget' | 'keep';
  /** What to do, in order. */
  steps: EntryStep[];
}

export const OWN_OUTPUT_REASON = "systemfd's own output (its stdout or stderr goes to this file)";

const NOTHING: EntryDecision = { entry: 'keep', steps: [] };

export function decideEntry({ previous, now, tracked, dirIgnoredBecause, ownOutput }: EntryFacts): EntryDecision {
  if (now === null) {
    if (previous === undefined) return NOTHING; // a temp file that came and went
    if (previous === 'file') return { entry: 'forget', steps: [{ step: 'report', kind: 'unlink' }] };
    if (previous === 'dir') return { entry: 'forget', steps: [{ step: 'dropDir' }] };
    if (previous === 'ignoredDir') {
      return { entry: 'forget', steps: [{ step: 'ignored', kind: 'unlinkDir', reason: dirIgnoredBecause() ?? 'ignored directory' }] };
    }
    return { entry: 'forget', steps: [] };
  }
  if (now.type === 'dir') {
    if (previous === 'ignoredDir') return NOTHING;
    const steps: EntryStep[] = [];
    if (previous === 'dir') {
      // Same inode and no sign of deletion: only its attributes changed.
      if (tracked === null || (tracked.ino === now.ino && !tracked.suspect)) return NOTHING;
      steps.push({ step: 'dropDir' }); // replaced: the old one is gone, walk the new one
    } else if (previous === 'file') {
      steps.push({ step: 'report', kind: 'unlink' });
    }
    const reason = dirIgnoredBecause();
    if (reason !== null) return { entry: 'ignoredDir', steps: [...steps, { step: 'ignored', kind: 'addDir', reason }] };
    return { entry: 'dir', steps: [...steps, { step: 'report', kind: 'addDir' }, { step: 'walk' }] };
  }
  const steps: EntryStep[] = previous === 'dir' ? [{ step: 'dropDir' }] : [];
  // Sockets (ours too), fifos, devices: never a change.
  if (now.type === 'other') return { entry: 'other', steps };
  const kind = previous === 'file' ? 'change' : 'add';
  if (ownOutput) {
    // Said once (for -v), then the name is 'other': each line written would otherwise be an
    // `ignored` line written to the same file, which is another event, forever.
    return { entry: 'other', steps: previous === 'other' ? steps : [...steps, { step: 'ignored', kind, reason: OWN_OUTPUT_REASON }] };
  }
  return { entry: 'file', steps: [...steps, { step: 'report', kind }] };
}
