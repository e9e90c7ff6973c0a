// The exec trampoline that gives the command LISTEN_PID = its own pid: consumers such as
// sd_listen_fds and listenfd only accept sockets whose LISTEN_PID is their own pid.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { PID_TRAMPOLINE, buildSpawnArgs } from '../../../src/supervisor/spawn-child.js';

test('with pid on POSIX the command runs through the /bin/sh exec trampoline', () => {
  assert.deepEqual(buildSpawnArgs({ argv: ['node', 'a b.js', '$HOME'], withPid: true, windows: false }, '/usr/bin/node'), {
    file: '/bin/sh',
    args: ['-c', PID_TRAMPOLINE, '/usr/bin/node', 'a b.js', '$HOME'],
  });
});

test('without pid, or on Windows, the command is spawned directly', () => {
  assert.deepEqual(buildSpawnArgs({ argv: ['node', 'x'], withPid: false, windows: false }, '/usr/bin/node'), { file: '/usr/bin/node', args: ['x'] });
  assert.deepEqual(buildSpawnArgs({ argv: ['node', 'x'], withPid: true, windows: true }, 'C:\\node.exe'), { file: 'C:\\node.exe', args: ['x'] });
});

test('the trampoline passes arguments verbatim and exports its own pid', () => {
  const out = execFileSync('/bin/sh', ['-c', PID_TRAMPOLINE, '/bin/sh', '-c', 'echo "$LISTEN_PID $$ [$1] [$2]"', 'x', 'a b', '$HOME'], { encoding: 'utf8' });
  const [pid, self, ...rest] = out.trim().split(' ');
  assert.equal(pid, self, 'LISTEN_PID is the exec\'d command\'s pid');
  assert.equal(rest.join(' '), '[a b] [$HOME]');
});
