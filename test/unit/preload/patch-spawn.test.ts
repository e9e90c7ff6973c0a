import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addInheritedFds } from '../../../src/preload/patch-spawn.js';

const env = ['PATH=/bin', 'LISTEN_FDS=2', 'LISTEN_FDS_FIRST_FD=3', 'LISTEN_FDNAMES=a:b', 'SYSTEMFD_FD_ADDRS=x,y'];

test('appends the fds after stdio and points LISTEN_FDS_FIRST_FD at them', () => {
  const next = addInheritedFds({ stdio: 'inherit', envPairs: [...env, 'LISTEN_PID=1'] }, [3, 4], true);
  assert.deepEqual(next.stdio, ['inherit', 'inherit', 'inherit', 3, 4]);
  assert.deepEqual(next.envPairs, ['PATH=/bin', 'LISTEN_FDS=2', 'LISTEN_FDNAMES=a:b', 'SYSTEMFD_FD_ADDRS=x,y', 'LISTEN_FDS_FIRST_FD=3']);
});

test('an IPC channel at fd 3 (fork, tsx, nodemon) pushes the sockets to fd 4', () => {
  const next = addInheritedFds({ stdio: ['inherit', 'inherit', 'inherit', 'ipc'], envPairs: env }, [3, 4], true);
  assert.deepEqual(next.stdio, ['inherit', 'inherit', 'inherit', 'ipc', 3, 4]);
  assert.ok(next.envPairs?.includes('LISTEN_FDS_FIRST_FD=4'));
});

test('default and short stdio are normalised like Node does', () => {
  assert.deepEqual(addInheritedFds({ file: process.execPath, envPairs: env }, [3, 4], true).stdio, ['pipe', 'pipe', 'pipe', 3, 4]);
  assert.deepEqual(addInheritedFds({ stdio: ['ignore'], envPairs: env }, [3, 4], true).stdio, ['ignore', undefined, undefined, 3, 4]);
});

test('children without our LISTEN_FDS are left alone', () => {
  const options = { stdio: 'inherit', envPairs: ['PATH=/bin'] };
  assert.equal(addInheritedFds(options, [3, 4], true), options);
  const other = { stdio: 'inherit', envPairs: ['LISTEN_FDS=5'] };
  assert.equal(addInheritedFds(other, [3, 4], true), other, 'someone else\'s LISTEN_FDS');
});

test('once this process took a socket, children get neither fds nor variables', () => {
  const next = addInheritedFds({ stdio: 'inherit', envPairs: [...env, 'LISTEN_PID='] }, [3, 4], false);
  assert.equal(next.stdio, 'inherit');
  assert.deepEqual(next.envPairs, ['PATH=/bin']);
});

test('only children that can be the server get the sockets: no daemons, no output-captured helpers', () => {
  const handed = (options: Record<string, unknown>) => addInheritedFds({ envPairs: env, ...options }, [3, 4], true).envPairs?.includes('LISTEN_FDS=2') ?? false;
  // npm run, npx, tsx: the server in the foreground, with the terminal's stdout.
  assert.equal(handed({ file: '/bin/sh', stdio: 'inherit' }), true);
  assert.equal(handed({ file: '/usr/bin/node', stdio: ['inherit', 'inherit', 'inherit', 'ipc'] }), true);
  // nodemon: stdin piped, stdout and stderr are its own streams.
  assert.equal(handed({ file: '/usr/bin/node', stdio: ['pipe', { fd: 1 }, { fd: 2 }] }), true);
  // A Node child whose output is piped (fork-style launchers) still can be the server.
  assert.equal(handed({ file: 'node', stdio: 'pipe' }), true);
  // Daemons: a new session.
  assert.equal(handed({ file: '/usr/bin/node', stdio: 'inherit', detached: true }), false);
  assert.equal(handed({ file: '/bin/sh', stdio: 'ignore', detached: true }), false);
  // exec('git rev-parse HEAD'), execSync('sh -c ...'): the parent reads the output.
  assert.equal(handed({ file: '/bin/sh', stdio: 'pipe' }), false);
  assert.equal(handed({ file: '/bin/sh', stdio: ['ignore', 'overlapped', 'pipe'] }), false);
  // Left out entirely, also the variables: the helper must not think it has sockets.
  const helper = addInheritedFds({ file: '/bin/sh', stdio: 'pipe', envPairs: env }, [3, 4], true);
  assert.deepEqual(helper.envPairs, ['PATH=/bin']);
  assert.equal(helper.stdio, 'pipe');
});
