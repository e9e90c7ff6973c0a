/**
 * Pure decisions of the watch side, as tables: which inotify limit a refused watch ran into,
 * which git operation the state files show, and the batcher's hold. (The loop detector has its
 * own tables in loop-detector.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeBatcher } from '../../../src/watch/change-batcher.js';
import { gitOperation } from '../../../src/watch/git-gate.js';
import { describeWatchLimit, type LimitFacts } from '../../../src/watch/limit-warning.js';

const facts = (over: Partial<LimitFacts>): LimitFacts => ({
  code: 'ENOSPC',
  watches: { userNamespace: 8192, host: 8192 },
  instances: { userNamespace: 128, host: 128 },
  openFds: 30,
  fdLimit: 1024,
  ...over,
});
const where = { path: 'src', every: '1s' };

const limitRows: [string, Partial<LimitFacts>, RegExp][] = [
  ['watches, host limit', {}, /^cannot watch src: the inotify watch limit is reached \(fs\.inotify\.max_user_watches = 8192\); polling what cannot be watched every 1s; raise it with: sudo sysctl fs\.inotify\.max_user_watches=524288$/],
  ['watches, a container with a lower limit than the host', { watches: { userNamespace: 100, host: 524288 } }, /\(user\.max_inotify_watches = 100, this user namespace's limit\).*raise it \(as the owner of the container or user namespace\) with: sudo sysctl user\.max_inotify_watches=524288$/],
  ['watches, a high limit: suggest double', { watches: { userNamespace: null, host: 1_000_000 } }, /max_user_watches = 1000000\).*max_user_watches=2000000$/],
  ['watches, nothing known', { watches: { userNamespace: null, host: null } }, /\(fs\.inotify\.max_user_watches = \?\)/],
  ['watches, simulated by a test', { simulatedWatchLimit: 2 }, /\(simulated limit = 2\); polling what cannot be watched every 1s$/],
  ['EMFILE far below the fd limit: the instance limit', { code: 'EMFILE' }, /the inotify instance limit is reached \(fs\.inotify\.max_user_instances = 128; EMFILE, with 30 of 1024 open files in use\).*sudo sysctl fs\.inotify\.max_user_instances=1024$/],
  ['EMFILE, instances limited in the namespace', { code: 'EMFILE', instances: { userNamespace: 0, host: 128 } }, /user\.max_inotify_instances = 0, this user namespace's limit/],
  ['EMFILE at the fd limit: ulimit -n', { code: 'EMFILE', openFds: 1020 }, /too many open files \(EMFILE; ulimit -n = 1024\).*raise it with: ulimit -n 65536$/],
  ['EMFILE with nothing known: ulimit -n', { code: 'EMFILE', openFds: null, fdLimit: null }, /too many open files \(EMFILE\)/],
  ['ENFILE', { code: 'ENFILE' }, /system-wide open file table is full \(ENFILE/],
];

for (const [name, over, expected] of limitRows) {
  test(`limit warning: ${name}`, () => {
    assert.match(describeWatchLimit(facts(over), where), expected);
  });
}

const gitRows: [string[], string | null][] = [
  [[], null],
  [['index.lock'], 'a git command (.git/index.lock exists)'],
  [['rebase-merge', 'index.lock'], 'a git rebase'],
  [['rebase-apply'], 'a git rebase (or am)'],
  [['MERGE_HEAD'], 'a git merge'],
  [['CHERRY_PICK_HEAD'], 'a git cherry-pick'],
  [['REVERT_HEAD'], 'a git revert'],
];

for (const [present, expected] of gitRows) {
  test(`git operation from [${present.join(', ')}]`, () => {
    assert.equal(gitOperation(new Set(present)), expected);
  });
}

// The batcher's timers are unref()ed: hold the test's event loop open while waiting for them.
const keepAlive = (t: { after: (fn: () => void) => void }) => {
  const timer = setInterval(() => undefined, 1000);
  t.after(() => clearInterval(timer));
};

test('batcher hold: nothing goes out while held, one `held`, then one burst on release', async (t) => {
  keepAlive(t);
  const batcher = new ChangeBatcher({ debounceMs: 5 });
  const seen: string[] = [];
  batcher.on('first', (c) => seen.push(`first ${c.path}`));
  batcher.on('held', (c) => seen.push(`held ${c.path}`));
  const batch = new Promise<string[]>((resolve) => batcher.once('batch', (changes) => resolve(changes.map((c) => `${c.kind} ${c.path}`))));
  batcher.hold();
  batcher.push({ kind: 'change', path: 'a.js' });
  batcher.push({ kind: 'add', path: 'b.js' });
  batcher.flush();
  assert.deepEqual(seen, ['held a.js']);
  batcher.release();
  assert.deepEqual(seen, ['held a.js', 'first a.js']);
  assert.deepEqual(await batch, ['change a.js', 'add b.js']);
  batcher.close();
});

test('batcher hold in the middle of a burst: no second `first` on release', async (t) => {
  keepAlive(t);
  const batcher = new ChangeBatcher({ debounceMs: 5 });
  let firsts = 0;
  batcher.on('first', () => firsts++);
  const batch = new Promise<number>((resolve) => batcher.once('batch', (changes) => resolve(changes.length)));
  batcher.push({ kind: 'change', path: 'a.js' });
  batcher.hold();
  batcher.push({ kind: 'change', path: 'b.js' });
  batcher.release();
  assert.equal(await batch, 2);
  assert.equal(firsts, 1);
  batcher.close();
});
