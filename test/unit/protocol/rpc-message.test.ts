import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RPC_REQUEST_BYTES, formatRpcRequest, formatUuid, generateSecret, normaliseUuid, parseRpcRequest } from '../../../src/protocol/rpc-message.js';

const SECRET = '59fb60fe-2634-4ec8-aa81-038793888c8e';
const SIMPLE = '59fb60fe26344ec8aa81038793888c8e';
const req = (text: string) => Buffer.from(text, 'utf8');

test('generateSecret gives a lower-case hyphenated UUID v4, different each time', () => {
  const a = generateSecret();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, generateSecret());
});

test('normaliseUuid accepts every form the uuid crate parses, in any hex case', () => {
  for (const form of [SECRET, SECRET.toUpperCase(), SIMPLE, SIMPLE.toUpperCase(), `{${SECRET}}`, `{${SECRET.toUpperCase()}}`, `urn:uuid:${SECRET}`, `URN:UUID:${SECRET.toUpperCase()}`]) {
    assert.equal(normaliseUuid(form), SIMPLE, form);
  }
  assert.equal(formatUuid(`{${SECRET.toUpperCase()}}`), SECRET);
});

test('normaliseUuid rejects near misses', () => {
  for (const bad of ['', SECRET.slice(1), `${SECRET}0`, SECRET.replace('-', ''), `{${SIMPLE}}`, `urn:uuid:${SIMPLE}`, `(${SECRET})`, `{${SECRET}`, SECRET.replace('a', 'g'), ` ${SECRET}`, `${SECRET}\n`, `uri:uuid:${SECRET}`]) {
    assert.equal(normaliseUuid(bad), null, JSON.stringify(bad));
  }
});

test('parseRpcRequest returns the pid of a well-formed request with our secret', () => {
  assert.equal(parseRpcRequest(req(`${SECRET}|1234`), SECRET), 1234);
  assert.equal(parseRpcRequest(req(`${SECRET.toUpperCase()}|1`), SECRET), 1);
  assert.equal(parseRpcRequest(req(`${SIMPLE}|4294967295`), SECRET), 4294967295);
  assert.equal(parseRpcRequest(req(`{${SECRET}}|77`), SECRET), 77);
  assert.equal(parseRpcRequest(req(`urn:uuid:${SECRET}|+77`), SECRET), 77, 'Rust u32 parsing accepts a leading +');
  assert.equal(parseRpcRequest(req(`${SECRET}|0012`), SECRET), 12);
  // The expected secret may itself be in any form.
  assert.equal(parseRpcRequest(req(`${SECRET}|5`), `{${SECRET.toUpperCase()}}`), 5);
});

test('parseRpcRequest rejects a wrong secret, bad pids, garbage and trailing bytes', () => {
  const other = generateSecret();
  const cases: Array<string | Buffer> = [
    `${other}|1234`,
    `${SECRET}|1234\n`,
    `${SECRET}|1234\r\n`,
    `${SECRET}| 1234`,
    `${SECRET}|1234 `,
    `${SECRET}|`,
    `${SECRET}|0`,
    `${SECRET}|-5`,
    `${SECRET}|4294967296`,
    `${SECRET}|12a`,
    `${SECRET}|0x10`,
    `${SECRET}|1234|extra`,
    `${SECRET}|1e3`,
    `${SECRET}`,
    `|1234`,
    `1234|${SECRET}`,
    `${SECRET} |1234`,
    '',
    'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
    Buffer.from([0xff, 0xfe, 0x00, 0x7c, 0x31]),
    Buffer.concat([Buffer.from(`${SECRET}|12`), Buffer.from([0xc3])]),
    `urn:uuid:${SECRET}|4294967295${'0'.repeat(MAX_RPC_REQUEST_BYTES)}`,
  ];
  for (const input of cases) {
    const bytes = typeof input === 'string' ? req(input) : input;
    assert.equal(parseRpcRequest(bytes, SECRET), null, JSON.stringify(bytes.toString('latin1')));
  }
});

test('the longest valid request fits the size limit', () => {
  const longest = req(`urn:uuid:${SECRET}|+4294967295`);
  assert.ok(longest.length <= MAX_RPC_REQUEST_BYTES);
  assert.equal(parseRpcRequest(longest, SECRET), 4294967295);
});

test('parseRpcRequest refuses to run with an invalid expected secret', () => {
  assert.throws(() => parseRpcRequest(req(`${SECRET}|1`), 'not-a-uuid'), TypeError);
});

test('formatRpcRequest writes the canonical form listenfd sends, no newline', () => {
  assert.equal(formatRpcRequest(`{${SECRET.toUpperCase()}}`, 4321).toString(), `${SECRET}|4321`);
  assert.throws(() => formatRpcRequest('nope', 1), TypeError);
  assert.throws(() => formatRpcRequest(SECRET, 0), TypeError);
  assert.throws(() => formatRpcRequest(SECRET, 1.5), TypeError);
});
