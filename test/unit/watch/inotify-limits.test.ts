/**
 * The inotify limits, hit for real without touching the host's settings: an unprivileged user
 * namespace (`unshare -Ur`) has its own max_inotify_watches / max_inotify_instances, which its
 * owner may lower. The watcher runs in a child process inside it and prints its warnings.
 * Running out of fds is reproduced with a low `ulimit -n` and fds used up before watching.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../../helpers/temp-dir.js';

const watcherModule = fileURLToPath(new URL('../../../src/watch/watcher.js', import.meta.url));

// Starts a watcher on argv[1] (after using up the fds when argv[2] says so) and prints
// `WARN ...` / `ERR ...` lines, then `READY <watch count>`.
const SCRIPT = `
import { openSync } from 'node:fs';
const { createFileWatcher } = await import(${JSON.stringify(watcherModule)});
if (process.argv[2] === 'use-up-fds') { try { for (;;) openSync('/dev/null', 'r'); } catch {} }
const w = createFileWatcher({ cwd: process.argv[1], paths: ['.'], include: [], ignore: [], exts: [], gitignore: false, defaultIgnores: true, poll: false });
w.on('warning', (m) => console.log('WARN ' + m));
w.on('error', (e) => console.log('ERR ' + e.message));
w.on('ready', async () => { console.log('READY ' + w.watchCount()); await w.close(); });
`;

function tree(t: Parameters<typeof makeTempDir>[0]): string {
  const dir = makeTempDir(t, 'systemfd-limits-');
  for (const sub of ['a', 'a/b', 'c']) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, 'f.js'), '1');
  }
  return dir;
}

/** Run the watcher script after `setup` (shell), optionally inside a new user namespace. */
function run(setup: string, dir: string, { namespace = false, mode = '' } = {}): string {
  // "$0" node, "$1" the script, "$2" the dir, "$3" the mode.
  const shell = ['/bin/sh', '-c', `${setup} && exec "$0" --input-type=module -e "$1" "$2" "$3"`, process.execPath, SCRIPT, dir, mode];
  const [file, ...args] = namespace ? ['unshare', '-Ur', ...shell] : shell;
  const result = spawnSync(file as string, args, { encoding: 'utf8', timeout: 30_000 });
  return result.stdout + result.stderr;
}

const canLowerInotifyLimits = (() => {
  const probe = spawnSync('unshare', ['-Ur', 'sh', '-c', 'echo 5 > /proc/sys/user/max_inotify_watches'], { encoding: 'utf8' });
  return probe.status === 0;
})();
const skipNs = !canLowerInotifyLimits && 'needs unprivileged user namespaces with /proc/sys/user (Linux >= 5.11)';

test('the watch limit of a container is named, not the host\'s', { skip: skipNs }, (t) => {
  const dir = tree(t);
  const stdout = run('echo 2 > /proc/sys/user/max_inotify_watches', dir, { namespace: true });
  const warnings = stdout.split('\n').filter((l) => l.startsWith('WARN '));
  assert.equal(warnings.length, 1, stdout);
  assert.match(warnings[0] as string, /: the inotify watch limit is reached \(user\.max_inotify_watches = 2, this user namespace's limit\); polling what cannot be watched every 1s; raise it \(as the owner of the container or user namespace\) with: sudo sysctl user\.max_inotify_watches=524288$/);
  assert.match(stdout, /READY 2\n/);
});

test('out of inotify instances: named as such, not as "too many open files"', { skip: skipNs }, (t) => {
  const dir = tree(t);
  const stdout = run('echo 0 > /proc/sys/user/max_inotify_instances', dir, { namespace: true });
  assert.match(stdout, /^WARN cannot watch \.: the inotify instance limit is reached \(user\.max_inotify_instances = 0, this user namespace's limit; EMFILE, with \d+ of \d+ open files in use\); polling/m);
  assert.doesNotMatch(stdout, /ulimit/);
  assert.match(stdout, /READY 0\n/);
});

test('out of file descriptors: named as such, with the ulimit -n hint', { skip: process.platform !== 'linux' && 'inotify is Linux-only' }, (t) => {
  const dir = tree(t);
  const stdout = run('ulimit -n 64', dir, { mode: 'use-up-fds' });
  assert.match(stdout, /^WARN cannot watch \.: too many open files \(EMFILE[^)]*\); polling what cannot be watched every 1s; raise it with: ulimit -n 65536$/m);
  assert.doesNotMatch(stdout, /instance limit/);
});
