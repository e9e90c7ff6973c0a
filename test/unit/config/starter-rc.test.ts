// `systemfd init`'s guesses: command from package.json, port from the script, .env or source.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeStarterRc, SCHEMA_REF } from '../../../src/config/starter-rc.js';
import { parseRc } from '../../../src/config/parse-rc.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

function project(t: Parameters<typeof makeTempDir>[0], files: Record<string, unknown>): string {
  const dir = makeTempDir(t);
  for (const [name, content] of Object.entries(files)) {
    if (content === null) mkdirSync(join(dir, name)); // a directory
    else writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const cases: Array<[string, Record<string, unknown>, { command: string; socket: string; env?: Record<string, string> }]> = [
  ['start script', { 'package.json': { scripts: { start: 'node app.js' } } }, { command: 'node app.js', socket: 'http::3000' }],
  ['start script with env assignments', { 'package.json': { scripts: { start: 'NODE_ENV=production PORT=8080 node app.js --flag' } } }, { command: 'node app.js --flag', socket: 'http::8080', env: { NODE_ENV: 'production', PORT: '8080' } }],
  ['port from the entry file', { 'package.json': { scripts: { start: 'node srv.mjs' } }, 'srv.mjs': 'const port = process.env.PORT ?? 4321;' }, { command: 'node srv.mjs', socket: 'http::4321' }],
  ['port from listen()', { 'package.json': { main: 'main.js' }, 'main.js': 'server.listen(8000, () => {})' }, { command: 'node main.js', socket: 'http::8000' }],
  ['port from .env', { 'package.json': { main: 'main.js' }, '.env': 'DEBUG=1\nPORT=5055\n', 'main.js': 'server.listen(8000)' }, { command: 'node main.js', socket: 'http::5055' }],
  ['start through nodemon: use main instead', { 'package.json': { main: 'lib/index.js', scripts: { start: 'nodemon lib/index.js' } } }, { command: 'node lib/index.js', socket: 'http::3000' }],
  ['start with shell syntax: use main instead', { 'package.json': { main: 'x.js', scripts: { start: 'npm run build && node x.js' } } }, { command: 'node x.js', socket: 'http::3000' }],
  ['no package.json: the first conventional entry (server, app, index, ...)', { 'index.js': 'listen(9000)', 'app.js': '' }, { command: 'node app.js', socket: 'http::3000' }],
  ['nothing at all', {}, { command: 'node server.js', socket: 'http::3000' }],
  // What `npm init -y` leaves: "main": "index.js", whatever the project has.
  ['main names a missing file: the entry that exists', { 'package.json': { main: 'index.js', scripts: { test: 'echo "Error: no test specified" && exit 1' } }, 'server.js': 'server.listen(8123)' }, { command: 'node server.js', socket: 'http::8123' }],
  ['start names a missing file: the entry that exists', { 'package.json': { scripts: { start: 'node missing.js' } }, 'app.js': 'app.listen(process.env.PORT || 4567)' }, { command: 'node app.js', socket: 'http::4567' }],
  ['main is build output not built yet, no other entry: keep main', { 'package.json': { main: 'dist/index.js' } }, { command: 'node dist/index.js', socket: 'http::3000' }],
  ['src/server.js', { 'package.json': { main: 'index.js' }, 'src': null, 'src/server.js': 'const PORT = 7070;' }, { command: 'node src/server.js', socket: 'http::7070' }],
  ['listen({ port })', { 'server.mjs': 'server.listen({ port: 6060, host })' }, { command: 'node server.mjs', socket: 'http::6060' }],
  ['TypeScript entry with tsx installed: through tsx in one node process', { 'package.json': { main: 'index.js', devDependencies: { tsx: '^4' } }, 'server.ts': 'server.listen(5151)' }, { command: 'node --import tsx server.ts', socket: 'http::5151' }],
  ['TypeScript entry without tsx: not guessed', { 'package.json': { main: 'index.js' }, 'server.ts': 'server.listen(5151)' }, { command: 'node index.js', socket: 'http::3000' }],
  ['main names a .ts file, tsx installed', { 'package.json': { main: 'src/main.ts', dependencies: { tsx: '^4' } }, 'src': null, 'src/main.ts': 'listen(9191)' }, { command: 'node --import tsx src/main.ts', socket: 'http::9191' }],
  ['tsx watch as start: not used (a second watcher)', { 'package.json': { scripts: { start: 'tsx watch server.ts' }, devDependencies: { tsx: '^4' } }, 'server.ts': '' }, { command: 'node --import tsx server.ts', socket: 'http::3000' }],
];

for (const [name, files, expected] of cases) {
  test(`init guess: ${name}`, (t) => {
    const dir = project(t, files);
    const starter = makeStarterRc(dir);
    assert.equal(starter.command, expected.command);
    assert.equal(starter.socket, expected.socket);
    const content = JSON.parse(starter.text) as Record<string, unknown>;
    assert.equal(content.$schema, SCHEMA_REF);
    assert.deepEqual(content.sockets, [expected.socket]);
    assert.deepEqual(content.env, expected.env);
    // The starter is a valid file, and deterministic.
    assert.doesNotThrow(() => parseRc(starter.text, '.systemfdrc', dir));
    assert.equal(makeStarterRc(dir).text, starter.text);
  });
}
