// The socket spec grammar, table-driven: every accepted and rejected form, upstream's wording kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SocketSpecError } from '../../../src/errors.js';
import { formatSocketAddress } from '../../../src/sockets/address.js';
import { describeSocket } from '../../../src/sockets/describe.js';
import { parseSocketSpec, type SocketSpec } from '../../../src/sockets/spec.js';

const show = (spec: SocketSpec): string => (spec.kind === 'unix' ? `unix ${spec.path}` : `${spec.kind} ${formatSocketAddress(spec.address)}`);

const accepted: Array<[string, string, string?]> = [
  ['5000', 'tcp 127.0.0.1:5000'],
  ['+5000', 'tcp 127.0.0.1:5000'],
  ['0', 'tcp 127.0.0.1:0'],
  ['65535', 'tcp 127.0.0.1:65535'],
  ['0005001', 'tcp 127.0.0.1:5001'],
  ['0.0.0.0:5000', 'tcp 0.0.0.0:5000'],
  ['127.0.0.1:05012', 'tcp 127.0.0.1:5012'],
  ['[::1]:5000', 'tcp [::1]:5000'],
  ['[::]:0', 'tcp [::]:0'],
  ['[fe80::1%2]:5000', 'tcp [fe80::1%2]:5000'],
  ['[::ffff:127.0.0.1]:0', 'tcp [::ffff:127.0.0.1]:0'],
  ['[2001:DB8:0:0:0:0:0:1]:80', 'tcp [2001:db8::1]:80'],
  ['./app.sock', 'unix ./app.sock'],
  ['/tmp/a:80', 'unix /tmp/a:80'],
  ['tcp::5000', 'tcp 127.0.0.1:5000'],
  ['tcp::0005001', 'tcp 127.0.0.1:5001'],
  ['tcp::+80', 'tcp 127.0.0.1:80'],
  ['http::3000', 'http 127.0.0.1:3000'],
  ['http::0.0.0.0:0', 'http 0.0.0.0:0'],
  ['https::[::1]:5443', 'https [::1]:5443'],
  ['udp::1567', 'udp 127.0.0.1:1567'],
  ['udp::[::]:0', 'udp [::]:0'],
  ['unix::rel.sock', 'unix rel.sock'],
  ['unix::@name', 'unix @name'],
  ['unix::/tmp/x.sock', 'unix /tmp/x.sock'],
  ['web=http::3000', 'http 127.0.0.1:3000', 'web'],
  ['api_v2=unix::./api.sock', 'unix ./api.sock', 'api_v2'],
  ['metrics=9090', 'tcp 127.0.0.1:9090', 'metrics'],
];

for (const [text, expected, name] of accepted) {
  test(`accepts '${text}'`, () => {
    const spec = parseSocketSpec(text);
    assert.equal(show(spec), expected);
    assert.equal(spec.name, name ?? spec.kind);
    assert.equal(spec.text, text);
  });
}

const unsupported = (v: string) => `unsupported specification '${v}'. Please provide an explicit socket type`;
const rejected: Array<[string, string]> = [
  ['foo', unsupported('foo')],
  ['rel.sock', unsupported('rel.sock')],
  ['5000 ', unsupported('5000 ')],
  ['70000', unsupported('70000') + ' (port 70000 is out of range: ports go from 0 to 65535)'],
  ['-1', unsupported('-1')],
  ['localhost:5000', unsupported('localhost:5000') + " (host names such as 'localhost' are not resolved: use 127.0.0.1:5000 or [::1]:5000)"],
  ['tcp::', unsupported('tcp::')],
  ['unix::', unsupported('unix::')],
  ['::1', unsupported('::1')],
  ['tcp6::5000', unsupported('tcp6::5000')],
  ['127.000.0.1:80', unsupported('127.000.0.1:80')],
  ['[::1]:65536', unsupported('[::1]:65536') + ' (port 65536 is out of range: ports go from 0 to 65535)'],
  ['[fe80::1%eth0]:80', unsupported('[fe80::1%eth0]:80')],
  ['', unsupported('')],
  ['TCP::5000', "unknown socket type 'TCP'"],
  ['abc::5000', "unknown socket type 'abc'"],
  ['abcd::1', "unknown socket type 'abcd'"],
  ['tcp::localhost:5000', "invalid socket address syntax (host names such as 'localhost' are not resolved: use tcp::127.0.0.1:5000 or tcp::[::1]:5000)"],
  ['tcp::70000', 'invalid socket address syntax (port 70000 is out of range: ports go from 0 to 65535)'],
  ['tcp::[::1]:65536', 'invalid socket address syntax (port 65536 is out of range: ports go from 0 to 65535)'],
  ['tcp::127.000.0.1:0', 'invalid socket address syntax'],
  ['tcp::127.0.0.1:+80', 'invalid socket address syntax'],
  ['udp::::1:80', 'invalid socket address syntax'],
  ['http::1.2.3:80', 'invalid socket address syntax'],
];

for (const [text, message] of rejected) {
  test(`rejects '${text}': ${message}`, () => {
    assert.throws(() => parseSocketSpec(text), (error: unknown) => {
      assert.ok(error instanceof SocketSpecError);
      assert.equal(error.message, message);
      assert.equal(error.exitCode, 2);
      return true;
    });
  });
}

test('descriptions use the bound address (port 0 shows the real port)', () => {
  const bound = { family: 4 as const, ip: '127.0.0.1', port: 41234, scopeId: 0 };
  assert.equal(describeSocket(parseSocketSpec('http::0'), bound), 'http://127.0.0.1:41234/');
  assert.equal(describeSocket(parseSocketSpec('https::0'), bound), 'https://127.0.0.1:41234/');
  assert.equal(describeSocket(parseSocketSpec('0'), bound), '127.0.0.1:41234 (tcp listener)');
  assert.equal(describeSocket(parseSocketSpec('udp::0'), bound), '127.0.0.1:41234 (udp)');
  assert.equal(describeSocket(parseSocketSpec('./x.sock'), null), './x.sock (unix listener)');
  const v6 = { family: 6 as const, ip: '::1', port: 5000, scopeId: 0 };
  assert.equal(describeSocket(parseSocketSpec('tcp::[::1]:0'), v6), '[::1]:5000 (tcp listener)');
});
