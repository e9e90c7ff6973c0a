/**
 * The watcher's central decision as a table: what the stat result of a name that had an event
 * means, given what the directory table says the name was. No file events, no I/O.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideEntry, OWN_OUTPUT_REASON, type EntryDecision, type EntryFacts } from '../../../src/watch/entry-decision.js';
import { decideRoot, type RootFacts, type RootVerdict } from '../../../src/watch/root-keeper.js';

const file = { type: 'file', ino: 10 } as const;
const dir = { type: 'dir', ino: 20 } as const;
const other = { type: 'other', ino: 30 } as const;
const base: EntryFacts = { previous: undefined, now: null, tracked: null, dirIgnoredBecause: () => null, ownOutput: false };
const ignoredBy = (reason: string) => () => reason;

const rows: [string, Partial<EntryFacts>, EntryDecision][] = [
  ['a temp file that came and went', {}, { entry: 'keep', steps: [] }],
  ['a new file', { now: file }, { entry: 'file', steps: [{ step: 'report', kind: 'add' }] }],
  ['a known file written', { previous: 'file', now: file }, { entry: 'file', steps: [{ step: 'report', kind: 'change' }] }],
  ['a known file deleted', { previous: 'file' }, { entry: 'forget', steps: [{ step: 'report', kind: 'unlink' }] }],
  ['a known directory deleted', { previous: 'dir', tracked: { ino: 20, suspect: false } }, { entry: 'forget', steps: [{ step: 'dropDir' }] }],
  ['an ignored directory deleted', { previous: 'ignoredDir', dirIgnoredBecause: ignoredBy('default ignore "node_modules"') }, { entry: 'forget', steps: [{ step: 'ignored', kind: 'unlinkDir', reason: 'default ignore "node_modules"' }] }],
  ['an ignored directory deleted, no reason any more', { previous: 'ignoredDir' }, { entry: 'forget', steps: [{ step: 'ignored', kind: 'unlinkDir', reason: 'ignored directory' }] }],
  ['a socket or fifo deleted', { previous: 'other' }, { entry: 'forget', steps: [] }],
  ['a new directory', { now: dir }, { entry: 'dir', steps: [{ step: 'report', kind: 'addDir' }, { step: 'walk' }] }],
  ['a new ignored directory', { now: dir, dirIgnoredBecause: ignoredBy('matches ignore glob "logs"') }, { entry: 'ignoredDir', steps: [{ step: 'ignored', kind: 'addDir', reason: 'matches ignore glob "logs"' }] }],
  ['an ignored directory touched', { previous: 'ignoredDir', now: dir }, { entry: 'keep', steps: [] }],
  ['a directory whose attributes changed', { previous: 'dir', now: dir, tracked: { ino: 20, suspect: false } }, { entry: 'keep', steps: [] }],
  ['a directory replaced by a new one (new inode)', { previous: 'dir', now: dir, tracked: { ino: 21, suspect: false } }, { entry: 'dir', steps: [{ step: 'dropDir' }, { step: 'report', kind: 'addDir' }, { step: 'walk' }] }],
  ['a directory replaced, inode number reused', { previous: 'dir', now: dir, tracked: { ino: 20, suspect: true } }, { entry: 'dir', steps: [{ step: 'dropDir' }, { step: 'report', kind: 'addDir' }, { step: 'walk' }] }],
  ['a directory no longer tracked (dropped meanwhile)', { previous: 'dir', now: dir, tracked: null }, { entry: 'keep', steps: [] }],
  ['a file replaced by a directory', { previous: 'file', now: dir }, { entry: 'dir', steps: [{ step: 'report', kind: 'unlink' }, { step: 'report', kind: 'addDir' }, { step: 'walk' }] }],
  ['a file replaced by an ignored directory', { previous: 'file', now: dir, dirIgnoredBecause: ignoredBy('x') }, { entry: 'ignoredDir', steps: [{ step: 'report', kind: 'unlink' }, { step: 'ignored', kind: 'addDir', reason: 'x' }] }],
  ['a directory replaced by a file', { previous: 'dir', now: file, tracked: { ino: 20, suspect: false } }, { entry: 'file', steps: [{ step: 'dropDir' }, { step: 'report', kind: 'add' }] }],
  ['a unix socket created', { now: other }, { entry: 'other', steps: [] }],
  ['a directory replaced by a socket', { previous: 'dir', now: other }, { entry: 'other', steps: [{ step: 'dropDir' }] }],
  ['our own log file written, first time', { previous: 'file', now: file, ownOutput: true }, { entry: 'other', steps: [{ step: 'ignored', kind: 'change', reason: OWN_OUTPUT_REASON }] }],
  ['our own log file created', { now: file, ownOutput: true }, { entry: 'other', steps: [{ step: 'ignored', kind: 'add', reason: OWN_OUTPUT_REASON }] }],
  ['our own log file written again: silent', { previous: 'other', now: file, ownOutput: true }, { entry: 'other', steps: [] }],
];

for (const [name, facts, expected] of rows) {
  test(`decideEntry: ${name}`, () => {
    assert.deepEqual(decideEntry({ ...base, ...facts }), expected);
  });
}

test('decideEntry asks the matcher about directories only when it needs the answer', () => {
  let asked = 0;
  const count = () => {
    asked++;
    return null;
  };
  decideEntry({ ...base, previous: 'file', now: file, dirIgnoredBecause: count });
  decideEntry({ ...base, previous: 'dir', now: dir, tracked: { ino: 20, suspect: false }, dirIgnoredBecause: count });
  assert.equal(asked, 0);
  decideEntry({ ...base, now: dir, dirIgnoredBecause: count });
  assert.equal(asked, 1);
});

const rootRows: [string, RootFacts, RootVerdict][] = [
  ['still there', { wasGone: false, tracked: { ino: 5, suspect: false }, now: { ino: 5 }, sameNameInside: false }, 'unchanged'],
  ['deleted', { wasGone: false, tracked: { ino: 5, suspect: true }, now: null, sameNameInside: false }, 'gone'],
  ['still gone', { wasGone: true, tracked: null, now: null, sameNameInside: false }, 'unchanged'],
  ['back after being gone', { wasGone: true, tracked: null, now: { ino: 6 }, sameNameInside: false }, 'back'],
  ['back, same inode number', { wasGone: true, tracked: null, now: { ino: 5 }, sameNameInside: false }, 'back'],
  ['replaced between two checks (new inode)', { wasGone: false, tracked: { ino: 5, suspect: false }, now: { ino: 6 }, sameNameInside: false }, 'replaced'],
  ['replaced, inode number reused, its watch saw the deletion', { wasGone: false, tracked: { ino: 5, suspect: true }, now: { ino: 5 }, sameNameInside: false }, 'replaced'],
  ['an entry named like the root changed inside it', { wasGone: false, tracked: { ino: 5, suspect: true }, now: { ino: 5 }, sameNameInside: true }, 'unchanged'],
  ['not tracked (an outer root dropped it) but there', { wasGone: false, tracked: null, now: { ino: 5 }, sameNameInside: false }, 'back'],
];

for (const [name, facts, expected] of rootRows) {
  test(`decideRoot: ${name}`, () => {
    assert.equal(decideRoot(facts), expected);
  });
}
