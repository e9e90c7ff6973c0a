import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SOCKADDR_STORAGE_SIZE, decodeSockaddr, encodeSockaddr } from '../../../../src/platform/win32/sockaddr.js';

test('sockaddr_in is 16 bytes: family 2 LE, port BE, address', () => {
  const b = encodeSockaddr({ family: 4, ip: Uint8Array.from([127, 0, 0, 1]), port: 0x1388, scopeId: 0 });
  assert.equal(b.toString('hex'), '02001388' + '7f000001' + '00'.repeat(8));
});

test('sockaddr_in6 is 28 bytes: family 23 LE, port BE, flowinfo, address, scope id LE', () => {
  const ip = new Uint8Array(16);
  ip[15] = 1;
  const b = encodeSockaddr({ family: 6, ip, port: 443, scopeId: 7 });
  assert.equal(b.length, 28);
  assert.equal(b.readUInt16LE(0), 23);
  assert.equal(b.readUInt16BE(2), 443);
  assert.equal(b.readUInt32LE(4), 0);
  assert.equal(b[23], 1);
  assert.equal(b.readUInt32LE(24), 7);
});

test('decodeSockaddr round-trips both families from a SOCKADDR_STORAGE buffer', () => {
  for (const address of [
    { family: 4 as const, ip: Uint8Array.from([10, 1, 2, 3]), port: 65535, scopeId: 0 },
    { family: 6 as const, ip: Uint8Array.from({ length: 16 }, (_, i) => i), port: 1, scopeId: 3 },
  ]) {
    const encoded = encodeSockaddr(address);
    const storage = Buffer.alloc(SOCKADDR_STORAGE_SIZE);
    encoded.copy(storage);
    assert.deepEqual(decodeSockaddr(storage, encoded.length), address);
  }
});

test('decodeSockaddr rejects unknown families and short lengths; encode checks sizes', () => {
  assert.throws(() => decodeSockaddr(Buffer.alloc(128), 16), RangeError);
  assert.throws(() => decodeSockaddr(encodeSockaddr({ family: 6, ip: new Uint8Array(16), port: 1, scopeId: 0 }), 16), RangeError);
  assert.throws(() => encodeSockaddr({ family: 4, ip: new Uint8Array(16), port: 1, scopeId: 0 }), RangeError);
});
