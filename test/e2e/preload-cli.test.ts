// Zero-change mode under the real CLI: unmodified Node servers adopt systemfd's socket
// through the preload systemfd injects via NODE_OPTIONS, keep it across `systemfd watch`
// restarts, and drain on the stop signal so no request fails.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { get } from '../helpers/http.js';
import { startLoad } from '../helpers/load.js';
import { fixture } from '../helpers/paths.js';
import { startCli, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { stopCli } from './listenfd-harness.js';
import { freePort } from '../helpers/free-port.js';

const skip = process.platform === 'win32' ? 'zero-change mode needs fd hand-off (POSIX)' : false;

function cli(t: TestContext, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Running {
  const run = startCli(args, { env: { ...process.env, ...env }, ...(cwd ? { cwd } : {}) });
  t.after(() => stopCli(run));
  return run;
}

interface Generation { pid: number; ino: number; listening: { port: number } }
async function generation(run: Running, n: number): Promise<Generation> {
  const matches = await run.waitForCount(/\{"listening".*\}/, n, { stream: 'stdout' });
  return JSON.parse((matches[n - 1] as RegExpMatchArray)[0]) as Generation;
}

test('systemfd -s http::PORT -- node server.js: app.listen(PORT) serves on the passed socket, no EADDRINUSE', { skip }, async (t) => {
  const port = await freePort();
  const run = cli(t, ['-s', `http::${port}`, '--', process.execPath, fixture('express-like.mjs')], { PORT: String(port) });
  const gen = await generation(run, 1);
  assert.equal(gen.listening.port, port);
  assert.equal(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body).pid, gen.pid);
  assert.equal(run.stderr(), [
    `~> socket http://127.0.0.1:${port}/ -> fd #3`,
    `~> server.listen(${port}) uses the socket systemfd holds: http://127.0.0.1:${port}/ (fd #3)`,
    '',
  ].join('\n'));
});

test('--no-node-preload: the unmodified server binds itself and fails with EADDRINUSE (what the preload fixes)', { skip }, async (t) => {
  const port = await freePort();
  const run = cli(t, ['--no-node-preload', '-s', `http::${port}`, '--', process.execPath, fixture('express-like.mjs')], { PORT: String(port) });
  await run.waitFor(/server error: EADDRINUSE/);
});

test('a port systemfd does not hold binds normally', { skip }, async (t) => {
  const [held, other] = [await freePort(), await freePort()];
  const run = cli(t, ['-s', `http::${held}`, '--', process.execPath, fixture('express-like.mjs')], { PORT: String(other) });
  const gen = await generation(run, 1);
  assert.equal(gen.listening.port, other);
  assert.equal((await get(`http://127.0.0.1:${other}/`)).ok, true);
  assert.doesNotMatch(run.stderr(), /uses the socket/);
});

test('npm run start as the command: npm in between still hands the socket to the server', { skip }, async (t) => {
  const dir = makeTempDir(t);
  const port = await freePort();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, scripts: { start: `node ${JSON.stringify(fixture('express-like.mjs'))}` } }));
  const run = cli(t, ['-s', `http::${port}`, '--', 'npm', 'run', 'start'], { PORT: String(port), npm_config_update_notifier: 'false' }, dir);
  const gen = await generation(run, 1);
  assert.equal(JSON.parse((await get(`http://127.0.0.1:${port}/`)).body).pid, gen.pid);
  assert.match(run.stderr(), new RegExp(`server.listen\\(${port}\\) uses the socket systemfd holds`));
});

for (const style of ['port', 'options'] as const) {
  test(`systemfd watch, app.listen(${style === 'port' ? 'PORT' : '{ port, host }'}): same socket across restarts, continuous and slow requests all succeed`, { skip }, async (t) => {
    const dir = makeTempDir(t);
    writeFileSync(join(dir, 'app.js'), '// v0\n');
    const port = await freePort();
    const run = cli(t, ['watch', '-s', `http::${port}`, '--', process.execPath, fixture('express-like.mjs')], { PORT: String(port), LISTEN_STYLE: style, HOST: '127.0.0.1' }, dir);
    const first = await generation(run, 1);
    const quick = startLoad(`http://127.0.0.1:${port}/`, { clients: 3 });
    const slow = startLoad(`http://127.0.0.1:${port}/slow?ms=150`, { clients: 2 });
    const inodes = new Set([first.ino]);
    for (let n = 2; n <= 4; n++) {
      writeFileSync(join(dir, 'app.js'), `// v${n}\n`);
      const gen = await generation(run, n);
      inodes.add(gen.ino);
      // Let each generation answer some requests before the next restart.
      await run.waitForCount(/slow started/, 2 * n, { stream: 'stdout' });
    }
    const [q, s] = [await quick.stop(), await slow.stop()];
    assert.deepEqual([...inodes], [first.ino], 'one socket inode for every generation');
    assert.deepEqual(q.failed, [], `${q.failed.length} of ${q.sent} quick requests failed`);
    assert.deepEqual(s.failed, [], `${s.failed.length} of ${s.sent} slow requests failed`);
    assert.ok(s.pids.size >= 3, `slow requests answered by several generations: ${[...s.pids].join(', ')}`);
    assert.doesNotMatch(run.stderr() + run.stdout(), /EADDRINUSE/);
  });
}
