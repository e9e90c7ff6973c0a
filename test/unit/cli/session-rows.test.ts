// Which settings a running watch session keeps comes from the rows' `reload` field alone: a row
// marked 'session' is kept and reported by a `.systemfdrc` reload, every other row is live.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toWatchLaunchOptions } from '../../../src/cli/to-launch-options.js';
import { fixedChanges, keepFixed } from '../../../src/launcher/session-settings.js';
import { boolean } from '../../../src/settings/scalar-types.js';
import { BOTH, setting } from '../../../src/settings/row.js';
import { sessionRows } from '../../../src/settings/table.js';

test('the session-bound settings are the nine rows marked so', () => {
  assert.deepEqual(sessionRows().map(([key]) => key).sort(), ['backlog', 'color', 'cwd', 'proxy', 'quiet', 'reuse', 'reusePort', 'stdin', 'verbose']);
  assert.deepEqual(Object.fromEntries(sessionRows()).reuse, 'socket.reuseAddr');
});

test("a row's reload field decides, live by default", () => {
  const row = (reload?: 'live' | 'session') => setting({ type: boolean(), target: 'x.y', default: false, modes: BOTH, description: 'd', ...(reload ? { reload } : {}) });
  assert.deepEqual(sessionRows([['a', row('session')], ['b', row()], ['c', row('live')]]), [['a', 'x.y']]);
});

test('a reload keeps the session-bound values and takes the live ones', () => {
  const current = toWatchLaunchOptions({ quiet: false, backlog: 10, debounce: '100ms' }, ['node'], '/p');
  const next = toWatchLaunchOptions({ quiet: true, backlog: 20, proxy: true, debounce: '300ms', stdin: false }, ['node'], '/q');
  assert.deepEqual(fixedChanges(current, next).sort(), ['backlog', 'cwd', 'proxy', 'quiet', 'stdin']);
  const kept = keepFixed(current, next);
  assert.deepEqual(fixedChanges(current, kept), []);
  assert.equal(kept.watchMode.watch.cwd, current.watchMode.watch.cwd);
  assert.equal(kept.watchMode.debounceMs, 300);
  assert.notEqual(kept.socket, current.socket);
});
