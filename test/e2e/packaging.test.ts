// The package as a newcomer meets it: the packed tarball holds what it should, installs into a
// fresh `npm init -y` project, `npx systemfd init` sets the project up, `npm run dev` serves on
// the port the server listens on, and an edit restarts it on the same socket.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { get } from '../helpers/http.js';
import { hasNpm, installTarball, npmEnv, packedTarball } from '../helpers/packed.js';
import { repoRoot } from '../helpers/paths.js';
import { start } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { freePort } from '../helpers/free-port.js';

const run = promisify(execFile);
const npmMissing = !(await hasNpm()) && 'npm not found';

test('the tarball: the bin, its bundle, the preload, the library, schema, README and LICENSE; no maps, no tests', { skip: npmMissing }, async () => {
  const { stdout } = await run('tar', ['tzf', await packedTarball()]);
  const files = stdout.trim().split('\n').map((line) => line.replace(/^package\//, ''));
  for (const file of ['package.json', 'README.md', 'LICENSE', '.systemfdrc.schema.json', 'dist/src/cli.js', 'dist/src/main.js', 'dist/src/preload/register.cjs', 'dist/src/preload/install.cjs', 'dist/src/listenfd/index.js', 'dist/src/listenfd/index.d.ts']) {
    assert.ok(files.includes(file), `${file} is in the package`);
  }
  assert.deepEqual(files.filter((file) => file.endsWith('.map') || file.startsWith('dist/test') || file.startsWith('dist/bench') || file.startsWith('src/')), []);
  assert.match(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
});

test('npm init -y, npm i -D <tarball>, npx systemfd init, npm run dev: serves, and an edit restarts it', { skip: npmMissing }, async (t) => {
  const dir = makeTempDir(t, 'sfd-pkg-');
  await run('npm', ['init', '-y'], { cwd: dir, env: npmEnv });
  await installTarball(dir, await packedTarball());
  const port = await freePort();
  // CommonJS, as `npm init -y` declares; an unmodified server that reads PORT like most do.
  writeFileSync(join(dir, 'server.js'), `const http = require('node:http');\nconst server = http.createServer((req, res) => res.end('hello from pid ' + process.pid));\nserver.listen(process.env.PORT || ${port}, () => console.log('listening ' + process.pid));\n`);

  const version = await run('npx', ['--no-install', 'systemfd', '--version'], { cwd: dir, env: npmEnv });
  assert.equal(version.stdout, `systemfd ${(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  const init = await run('npx', ['--no-install', 'systemfd', 'init'], { cwd: dir, env: npmEnv });
  assert.match(init.stdout, new RegExp(`^wrote \\.systemfdrc: socket http::${port} \\(port from server\\.js\\), command \`node server\\.js\``));
  assert.match(init.stdout, /^added "dev": "systemfd watch" to package\.json/m);

  const dev = start('npm', ['run', 'dev'], { cwd: dir, env: npmEnv });
  t.after(() => dev.stop());
  await dev.waitFor(new RegExp(`~> socket http://127\\.0\\.0\\.1:${port}/ -> fd #3`));
  const [, firstPid] = await dev.waitFor(/listening (\d+)/, { stream: 'stdout' });
  const first = await get(`http://127.0.0.1:${port}/`);
  assert.ok(first.ok, first.error);
  assert.equal(first.body, `hello from pid ${firstPid}`);

  appendFileSync(join(dir, 'server.js'), '// edited\n');
  await dev.waitFor(/~> restart \(server\.js changed\)/);
  const [, secondPid] = await dev.waitFor(/listening (\d+)\n[\s\S]*listening (\d+)/, { stream: 'stdout' }).then((m) => [m[0], m[2]]);
  assert.notEqual(secondPid, firstPid);
  const second = await get(`http://127.0.0.1:${port}/`);
  assert.ok(second.ok, second.error);
  assert.equal(second.body, `hello from pid ${secondPid}`);

  // The child library resolves from the installed package too.
  const library = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('systemfd/listenfd'); console.log(typeof m.listenFds, typeof m.listen)"], { cwd: dir });
  assert.equal(library.stdout, 'function function\n');
  assert.doesNotMatch(dev.stderr(), /internal error|ERR_|Cannot find/);
});
