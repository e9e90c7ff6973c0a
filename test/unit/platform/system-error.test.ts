// errno → Node-style SystemError (platform/system-error.ts): upstream's message, Node's fields.
import assert from 'node:assert/strict';
import { constants } from 'node:os';
import { test } from 'node:test';
import { isSystemError } from '../../../src/errors.js';
import { createSystemError, errnoFromName, errnoName } from '../../../src/platform/system-error.js';

test('code, negative errno, syscall, address and port like Node net errors; upstream message', () => {
  const errno = constants.errno.EADDRINUSE;
  const error = createSystemError(errno, 'bind', 'Address already in use', { address: '127.0.0.1', port: 5000 });
  assert.equal(error.message, 'EADDRINUSE: Address already in use');
  assert.equal(error.code, 'EADDRINUSE');
  assert.equal(error.errno, -errno);
  assert.equal(error.syscall, 'bind');
  assert.equal(error.address, '127.0.0.1');
  assert.equal(error.port, 5000);
  assert.equal('path' in error, false);
  assert.equal(error.name, 'SystemError');
  assert.equal(Object.keys(error).includes('name'), false);
  assert.equal(isSystemError(error), true);
});

test('without a strerror text, libuv\'s text is used (capitalised)', () => {
  const error = createSystemError(constants.errno.ENOENT, 'bind', undefined, { path: '/x/y.sock' });
  assert.equal(error.message, 'ENOENT: No such file or directory');
  assert.equal(error.path, '/x/y.sock');
});

test('errno names round-trip with the host numbering', () => {
  for (const code of ['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ENOENT', 'ENAMETOOLONG', 'EBADF']) {
    const errno = errnoFromName(code);
    assert.equal(typeof errno, 'number', code);
    assert.equal(errnoName(errno as number), code);
    assert.equal(errnoName(-(errno as number)), code, 'sign does not matter');
  }
  assert.equal(errnoFromName('ENOTACODE'), undefined);
  assert.match(errnoName(99999), /99999/);
});
