import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WSAPROTOCOL_INFOW_SIZE, readProtocolInfo, splitProtocolInfos } from '../../../../src/platform/win32/protocol-info.js';

function fakeInfo(tag: number, family = 2, type = 1, protocol = 6): Buffer {
  const info = Buffer.alloc(WSAPROTOCOL_INFOW_SIZE, tag);
  info.writeInt32LE(family, 76);
  info.writeInt32LE(type, 88);
  info.writeInt32LE(protocol, 92);
  return info;
}

test('WSAPROTOCOL_INFOW is 628 bytes (x64)', () => {
  assert.equal(WSAPROTOCOL_INFOW_SIZE, 628);
});

test('splitProtocolInfos splits N structs in order', () => {
  const infos = [fakeInfo(1), fakeInfo(2, 23), fakeInfo(3, 2, 2, 17)];
  const parts = splitProtocolInfos(Buffer.concat(infos));
  assert.equal(parts.length, 3);
  parts.forEach((part, i) => assert.deepEqual(part, infos[i]));
  assert.deepEqual(readProtocolInfo(parts[1]!), { addressFamily: 23, socketType: 1, protocol: 6 });
  assert.deepEqual(readProtocolInfo(parts[2]!), { addressFamily: 2, socketType: 2, protocol: 17 });
});

test('splitProtocolInfos of an empty reply is no sockets', () => {
  assert.deepEqual(splitProtocolInfos(Buffer.alloc(0)), []);
});

test('splitProtocolInfos rejects a length that is not a multiple of 628', () => {
  for (const length of [1, 627, 629, 1255, 1257, 632]) {
    assert.throws(() => splitProtocolInfos(Buffer.alloc(length)), RangeError, String(length));
  }
});

test('splitProtocolInfos works on a view with an offset', () => {
  const backing = Buffer.concat([Buffer.alloc(5), fakeInfo(9), fakeInfo(8)]);
  const parts = splitProtocolInfos(backing.subarray(5));
  assert.equal(parts[0]![0], 9);
  assert.equal(parts[1]![0], 8);
});

test('readProtocolInfo checks the size', () => {
  assert.throws(() => readProtocolInfo(Buffer.alloc(600)), RangeError);
});
