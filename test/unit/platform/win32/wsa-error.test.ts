import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSystemError } from '../../../../src/errors.js';
import { wsaCodeName, wsaError } from '../../../../src/platform/win32/wsa-error.js';

test('WSA codes map to Node names where Node has one', () => {
  assert.deepEqual(wsaCodeName(10048), { wsaCode: 'WSAEADDRINUSE', code: 'EADDRINUSE' });
  assert.deepEqual(wsaCodeName(10013), { wsaCode: 'WSAEACCES', code: 'EACCES' });
  assert.deepEqual(wsaCodeName(10038), { wsaCode: 'WSAENOTSOCK', code: 'ENOTSOCK' });
  assert.deepEqual(wsaCodeName(10093), { wsaCode: 'WSANOTINITIALISED', code: 'WSANOTINITIALISED' });
  assert.deepEqual(wsaCodeName(12345), { wsaCode: 'WSA12345', code: 'WSA12345' });
});

test('wsaError reads like a Node net error and is a SystemError', () => {
  const error = wsaError('bind', 10048, { address: '127.0.0.1', port: 5000 });
  assert.ok(isSystemError(error));
  assert.equal(error.code, 'EADDRINUSE');
  assert.equal(error.errno, 10048);
  assert.equal(error.syscall, 'bind');
  assert.equal(error.wsaCode, 'WSAEADDRINUSE');
  assert.equal(error.address, '127.0.0.1');
  assert.equal(error.port, 5000);
  assert.match(error.message, /^bind EADDRINUSE 127\.0\.0\.1:5000 \(address already in use, WSAEADDRINUSE 10048\)$/);
  assert.match(wsaError('bind', 10049, { address: '::1', port: 80 }).message, /^bind EADDRNOTAVAIL \[::1\]:80 /);
  assert.match(wsaError('WSADuplicateSocketW', 10022).message, /^WSADuplicateSocketW EINVAL \(invalid argument, WSAEINVAL 10022\)$/);
});
