// The preload's listen patch in this process (it patches net.Server.prototype.listen, so this
// file has the process to itself): a server that retries listen after EADDRINUSE, as dev
// servers looking for a free port do, has each failure reported once and its events delivered
// once, however often it called listen.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { patchNetListen } from '../../../src/preload/patch-listen.js';

const reported: string[] = [];
patchNetListen({ sockets: [], log: 'quiet', onListenFailed: (error) => reported.push(error.code ?? '?') });

test('listen retried after EADDRINUSE: one report per failure, listening and request handlers run once', async (t) => {
  const blocker = createServer().listen({ host: '127.0.0.1', port: 0 });
  await once(blocker, 'listening');
  const port = (blocker.address() as AddressInfo).port;
  let requests = 0;
  let listening = 0;
  const server = createHttpServer((_req, res) => {
    requests++;
    res.end('ok');
  });
  t.after(() => server.close());
  server.on('listening', () => listening++);
  const errors: string[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    server.listen(port, '127.0.0.1');
    const [error] = (await once(server, 'error')) as [NodeJS.ErrnoException];
    errors.push(error.code ?? '?');
  }
  assert.deepEqual(errors, ['EADDRINUSE', 'EADDRINUSE', 'EADDRINUSE', 'EADDRINUSE']);
  assert.deepEqual(reported, errors, 'each failed listen reported once, not once per earlier listen call');
  blocker.close();
  await once(blocker, 'close');
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  assert.equal(listening, 1);
  const body = await new Promise<string>((resolve, reject) => {
    request({ host: '127.0.0.1', port, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
    }).on('error', reject).end();
  });
  assert.equal(body, 'ok');
  assert.equal(requests, 1);
  assert.equal(reported.length, 4, 'a successful listen reports nothing');
});
