// Packages installed the way pnpm (and `npm link`) installs them: node_modules/<pkg> is a
// symlink into node_modules/.pnpm/<pkg>@<version>/node_modules/<pkg>, and the package's own
// dependencies are symlinked next to it there. Node finds them only through the realpath of
// the package. The preload runs first in every server process and must not disturb that.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { get } from '../helpers/http.js';
import { startCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { stopCli } from './listenfd-harness.js';
import { freePort } from '../helpers/free-port.js';

const skip = process.platform === 'win32' ? 'zero-change mode needs fd hand-off (POSIX)' : false;

function write(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Link `path` → `target` (relative, as pnpm writes them). */
function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'dir');
}

/** A project with a pnpm-style node_modules: `web-framework` depends on `body-parsing`. */
function pnpmProject(dir: string): void {
  const store = join(dir, 'node_modules/.pnpm');
  const framework = join(store, 'web-framework@1.0.0/node_modules/web-framework');
  const parser = join(store, 'body-parsing@2.0.0/node_modules/body-parsing');
  write(join(framework, 'package.json'), JSON.stringify({ name: 'web-framework', version: '1.0.0', main: 'index.js' }));
  write(join(framework, 'index.js'), [
    "const http = require('node:http');",
    "const parse = require('body-parsing');",
    'module.exports = () => http.createServer((req, res) => res.end(parse(req.url)));',
    '',
  ].join('\n'));
  write(join(parser, 'package.json'), JSON.stringify({ name: 'body-parsing', version: '2.0.0', main: 'index.js' }));
  write(join(parser, 'index.js'), "module.exports = (url) => `parsed ${url}`;\n");
  // The sibling dependency, next to the package inside the store.
  link('../../body-parsing@2.0.0/node_modules/body-parsing', join(store, 'web-framework@1.0.0/node_modules/body-parsing'));
  // The project's direct dependency.
  link('.pnpm/web-framework@1.0.0/node_modules/web-framework', join(dir, 'node_modules/web-framework'));
  write(join(dir, 'server.cjs'), "require('web-framework')().listen(Number(process.env.PORT), () => console.log('listening'));\n");
  write(join(dir, 'server.mjs'), "import framework from 'web-framework';\nframework().listen(Number(process.env.PORT), () => console.log('listening'));\n");
}

for (const server of ['server.cjs', 'server.mjs']) {
  test(`a pnpm-style layout works under the preload (${server}: a symlinked package requires its sibling)`, { skip }, async (t) => {
    const dir = makeTempDir(t);
    pnpmProject(dir);
    const port = await freePort();
    const run = startCli(['-s', `http::${port}`, '--', process.execPath, server], { cwd: dir, env: { ...process.env, PORT: String(port) } });
    t.after(() => stopCli(run));
    await run.waitFor(/listening/, { stream: 'stdout' });
    assert.match(run.stderr(), /uses the socket systemfd holds/);
    assert.equal((await get(`http://127.0.0.1:${port}/x`)).body, 'parsed /x');
  });
}
