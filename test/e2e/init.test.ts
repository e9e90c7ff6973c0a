// `systemfd init`: a starter .systemfdrc from package.json that then runs as is (with the
// socket overridden to port 0), the "dev" npm script added when there is none, and never
// overwriting an existing file or script.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fixture } from '../helpers/paths.js';
import { get } from '../helpers/http.js';
import { hasNpm, npmEnv } from '../helpers/packed.js';
import { runCli, startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

test('init on a fresh project writes a valid starter from package.json and says how to add the npm script', async (t) => {
  const dir = makeTempDir(t);
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', scripts: { start: `PORT=4000 node ${fixture('config-server.mjs')} started` } }));
  const { code, stdout, stderr } = await runCli(['init'], { cwd: dir });
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  assert.match(stdout, /^wrote \.systemfdrc: socket http::4000 \(port from the start script\), command `node .*config-server\.mjs started` \(from package\.json "start"\)\n/);
  assert.match(stdout, /\nadded "dev": "systemfd watch" to package\.json: run `npm run dev`\n/);
  assert.deepEqual((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: unknown }).scripts, { start: `PORT=4000 node ${fixture('config-server.mjs')} started`, dev: 'systemfd watch' });
  const rc = JSON.parse(readFileSync(join(dir, '.systemfdrc'), 'utf8')) as Record<string, unknown>;
  assert.equal(rc.$schema, './node_modules/systemfd/.systemfdrc.schema.json');
  assert.deepEqual(rc.sockets, ['http::4000']);
  assert.deepEqual(rc.env, { PORT: '4000' });

  // The starter runs: only the socket is overridden (port 0, never a fixed port in tests).
  const running = startCli(['watch', '--no-stdin', '-s', 'http::0'], { cwd: dir });
  t.after(() => running.stop());
  const [, port] = await running.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  await running.waitFor(/ready \d+/, { stream: 'stdout' });
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.ok(reply.ok, reply.error);
  assert.deepEqual((JSON.parse(reply.body) as { argv: string[] }).argv, ['started']);
});

test('init says so when package.json already has the dev script', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ main: 'index.js', scripts: { dev: 'systemfd watch' } }));
  const { code, stdout } = await runCli(['init'], { cwd: dir });
  assert.equal(code, 0);
  assert.match(stdout, /command `node index\.js` \(from package\.json "main"\)/);
  assert.match(stdout, /already has the "dev" script/);
});

test('init never overwrites an existing .systemfdrc: error, exit 1, file untouched', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, '.systemfdrc'), '{"quiet": true}\n');
  const { code, stdout, stderr } = await runCli(['init'], { cwd: dir });
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^error: \.systemfdrc already exists in .*: not overwriting it/);
  assert.equal(stderr.trim().split('\n').length, 1);
  assert.equal(readFileSync(join(dir, '.systemfdrc'), 'utf8'), '{"quiet": true}\n');
});

test('init ignores a broken .systemfdrc in a parent directory (it writes, it does not load)', async (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, '.systemfdrc'), '{ broken');
  mkdirSync(join(dir, 'app'));
  const { code, stderr } = await runCli(['init'], { cwd: join(dir, 'app') });
  assert.equal(code, 0, stderr);
  assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, 'app/.systemfdrc'), 'utf8')));
});

test('after `npm init -y` (main: index.js, only server.js exists): node server.js, its port, and the dev script added', { skip: !(await hasNpm()) && 'npm not found' }, async (t) => {
  const dir = makeTempDir(t);
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore', env: npmEnv });
  const before = readFileSync(join(dir, 'package.json'), 'utf8');
  assert.match(before, /"main": "index\.js"/, 'npm init -y names index.js');
  writeFileSync(join(dir, 'server.js'), "import http from 'node:http';\nhttp.createServer((req, res) => res.end('hi')).listen(process.env.PORT || 8088);\n");
  const { code, stdout, stderr } = await runCli(['init'], { cwd: dir });
  assert.equal(code, 0, stderr);
  assert.equal(stdout.split('\n')[0], 'wrote .systemfdrc: socket http::8088 (port from server.js), command `node server.js` (from server.js, as package.json "main" names index.js, which does not exist)');
  assert.match(stdout, /^added "dev": "systemfd watch" to package\.json: run `npm run dev`$/m);
  assert.match(stdout, /npm install --save-dev systemfd/);
  const rc = JSON.parse(readFileSync(join(dir, '.systemfdrc'), 'utf8')) as Record<string, unknown>;
  assert.equal(rc.command, 'node server.js');
  assert.deepEqual(rc.sockets, ['http::8088']);
  const after = readFileSync(join(dir, 'package.json'), 'utf8');
  assert.equal(after, before.replace(/("test": "[^\n]*")\n/, '$1,\n    "dev": "systemfd watch"\n'), 'one line added, the rest of package.json untouched');
});

test('init keeps an existing, different dev script and says so', async (t) => {
  const dir = makeTempDir(t);
  const pkg = `${JSON.stringify({ name: 'app', scripts: { dev: 'vite' }, devDependencies: { systemfd: '^0.1.0' } }, null, 2)}\n`;
  writeFileSync(join(dir, 'package.json'), pkg);
  const { code, stdout } = await runCli(['init'], { cwd: dir });
  assert.equal(code, 0);
  assert.match(stdout, /^package\.json has "dev": "vite": not changing it/m);
  assert.doesNotMatch(stdout, /npm install --save-dev/, 'systemfd is already a dependency');
  assert.equal(readFileSync(join(dir, 'package.json'), 'utf8'), pkg);
});
