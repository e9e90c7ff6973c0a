// Editing .systemfdrc while `systemfd watch` runs, through the real CLI: the next generation
// runs with the new command, env, sockets and watch set; an edit that does not load is one
// error line and the running server keeps serving on the last good settings.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { get } from '../helpers/http.js';
import { fixture } from '../helpers/paths.js';
import { startCli, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

interface Facts { pid: number; argv: string[]; env: Record<string, string | null> }

const server = [process.execPath, fixture('config-server.mjs')];

function writeRc(dir: string, rc: object): void {
  writeFileSync(join(dir, '.systemfdrc'), JSON.stringify(rc, null, 2));
}

function project(t: TestContext, rc: object, dirs: string[] = []): string {
  const dir = makeTempDir(t);
  mkdirSync(join(dir, '.git'));
  for (const sub of dirs) mkdirSync(join(dir, sub));
  writeRc(dir, rc);
  return dir;
}

function watch(t: TestContext, dir: string, args: string[] = []): Running {
  const running = startCli(['watch', '--no-stdin', '-v', ...args], { cwd: dir });
  t.after(() => running.stop());
  return running;
}

async function facts(port: number): Promise<Facts> {
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.ok(reply.ok, reply.error);
  return JSON.parse(reply.body) as Facts;
}

/** The n-th generation is serving (its `ready <pid>` line); returns its pid. */
async function generation(running: Running, n: number): Promise<number> {
  const matches = await running.waitForCount(/ready (\d+)/, n, { stream: 'stdout' });
  return Number((matches[n - 1] as RegExpMatchArray)[1]);
}

async function firstPort(running: Running): Promise<number> {
  const [, port] = await running.waitFor(/socket http:\/\/127\.0\.0\.1:(\d+)\/ -> fd #3/);
  await running.waitFor(/~> watching /);
  return Number(port);
}

test('a new command and env in .systemfdrc run in the next generation', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: [...server, 'one'], env: { A: 'first' } });
  const running = watch(t, dir);
  const port = await firstPort(running);
  await generation(running, 1);
  assert.deepEqual((await facts(port)).argv, ['one']);
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'two'], env: { A: 'second', B: 'new' } });
  const pid = await generation(running, 2);
  const now = await facts(port);
  assert.equal(now.pid, pid);
  assert.deepEqual(now.argv, ['two']);
  assert.equal(now.env.A, 'second');
  assert.equal(now.env.B, 'new');
  assert.match(running.stderr(), /\.systemfdrc changed/);
});

test('flags still win over an edited file', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: [...server], env: { A: 'file' } });
  const running = watch(t, dir, ['-E', 'A=flag']);
  const port = await firstPort(running);
  await generation(running, 1);
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'edited'], env: { A: 'edited', B: 'file' } });
  await generation(running, 2);
  const now = await facts(port);
  assert.deepEqual(now.argv, ['edited']);
  assert.equal(now.env.A, 'flag');
  assert.equal(now.env.B, 'file');
});

test('an added socket is served, the kept one never refuses; a removed one is closed', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: server });
  const running = watch(t, dir);
  const web = await firstPort(running);
  await generation(running, 1);
  // Clients on the kept socket for the whole reload: none may be refused.
  let polling = true;
  const errors: string[] = [];
  let answered = 0;
  const poller = (async () => {
    while (polling) {
      const reply = await get(`http://127.0.0.1:${web}/`);
      if (reply.ok) answered++;
      else errors.push(reply.error ?? String(reply.status));
    }
  })();
  writeRc(dir, { sockets: ['web=http::0', 'admin=http::0'], command: server });
  const [, adminText] = await running.waitFor(/socket http:\/\/127\.0\.0\.1:(\d+)\/ -> fd #4/);
  const admin = Number(adminText);
  const second = await generation(running, 2);
  // A few answers from the new generation too, then stop polling.
  const before = answered;
  while (answered < before + 5) await new Promise((r) => setImmediate(r));
  polling = false;
  await poller;
  assert.ok(!errors.includes('ECONNREFUSED'), `refused on the kept socket: ${errors.join(', ')}`);
  const onAdmin = await facts(admin);
  assert.equal(onAdmin.pid, second);
  assert.equal(onAdmin.env.LISTEN_FDNAMES, 'web:admin');
  assert.equal((await facts(web)).pid, second);

  writeRc(dir, { sockets: ['admin=http::0'], command: server });
  await running.waitFor(new RegExp(`closed socket http://127\\.0\\.0\\.1:${web}/`));
  const third = await generation(running, 3);
  const reply = await get(`http://127.0.0.1:${web}/`);
  assert.equal(reply.ok, false);
  assert.equal(reply.error, 'ECONNREFUSED');
  const kept = await facts(admin);
  assert.equal(kept.pid, third);
  assert.equal(kept.env.LISTEN_FDNAMES, 'admin');
});

test('an invalid edit is one error line, the server keeps serving; a later valid edit applies', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: [...server, 'good'] });
  const running = watch(t, dir);
  const port = await firstPort(running);
  const first = await generation(running, 1);
  writeFileSync(join(dir, '.systemfdrc'), '{ "sockets": [');
  await running.waitFor(/error: .*\.systemfdrc.*keeping the previous settings/);
  assert.equal((running.stderr().match(/^error:/gm) ?? []).length, 1, running.stderr());
  assert.equal((await facts(port)).pid, first);
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'good'], debounce: 'soon' });
  await running.waitForCount(/^error:/gm, 2);
  assert.equal((await facts(port)).pid, first);
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'better'] });
  const second = await generation(running, 2);
  const now = await facts(port);
  assert.equal(now.pid, second);
  assert.deepEqual(now.argv, ['better']);
  assert.doesNotMatch(running.stdout(), /ready \d+[\s\S]*ready \d+[\s\S]*ready \d+/);
});

test('a changed watch set in .systemfdrc: changes there restart', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: server, watch: ['src'] }, ['src', 'lib']);
  const running = watch(t, dir);
  await firstPort(running);
  await generation(running, 1);
  writeRc(dir, { sockets: ['web=http::0'], command: server, watch: ['lib'] });
  await generation(running, 2);
  await running.waitFor(/~> watching lib/);
  writeFileSync(join(dir, 'lib', 'x.js'), '// changed\n');
  await generation(running, 3);
  assert.match(running.stderr(), /lib\/x\.js (added|changed)/);
});

test('new filters apply: a file the old -e left out restarts after the edit', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: server, watch: ['src'], exts: ['js'] }, ['src']);
  const running = watch(t, dir);
  await firstPort(running);
  await generation(running, 1);
  writeFileSync(join(dir, 'src', 'a.ts'), '// before\n');
  await running.waitFor(/ignored \w+ src\/a\.ts/);
  writeRc(dir, { sockets: ['web=http::0'], command: server, watch: ['src'], exts: ['ts'] });
  await generation(running, 2);
  await running.waitForCount(/~> watching src/, 2);
  writeFileSync(join(dir, 'src', 'a.ts'), '// after\n');
  await generation(running, 3);
  assert.match(running.stderr(), /src\/a\.ts changed/);
});

test('a setting bound to the running session says a restart of systemfd is needed, the rest applies', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: [...server, 'one'] });
  const running = watch(t, dir);
  const port = await firstPort(running);
  await generation(running, 1);
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'two'], backlog: 16, color: 'never' });
  await running.waitFor(/backlog, color changed in the settings file: restart systemfd to apply them/);
  await generation(running, 2);
  assert.deepEqual((await facts(port)).argv, ['two']);
  assert.equal((running.stderr().match(/restart systemfd to apply/g) ?? []).length, 1);
});

test('an edit whose watch set is unusable is one error line: the old watcher and server stay', async (t) => {
  const dir = project(t, { sockets: ['web=http::0'], command: [...server, 'one'], watch: ['src'] }, ['src']);
  const running = watch(t, dir);
  const port = await firstPort(running);
  const first = await generation(running, 1);
  // An ignore glob that is only a slash names the watched directory itself (it once reached
  // picomatch as an empty pattern, and the rejection ended systemfd).
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'two'], watch: ['src'], ignore: ['/'] });
  await running.waitFor(/^error: \.systemfdrc: \/ignore\/0: "\/" is the watched directory itself, .* \(keeping the previous settings\)$/m);
  assert.doesNotMatch(running.stderr(), /internal error|\n\s+at /);
  assert.equal((await facts(port)).pid, first);
  // The old watcher still reports: a change in src restarts, with the old command.
  writeFileSync(join(dir, 'src', 'x.js'), '// changed\n');
  const second = await generation(running, 2);
  assert.deepEqual((await facts(port)).argv, ['one']);
  assert.notEqual(second, first);
  writeRc(dir, { sockets: ['web=http::0'], command: [...server, 'three'], watch: ['src'] });
  await generation(running, 3);
  assert.deepEqual((await facts(port)).argv, ['three']);
  assert.equal((running.stderr().match(/^error:/gm) ?? []).length, 1, running.stderr());
});
