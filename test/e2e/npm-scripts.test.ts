// `npm run dev` with `"dev": "systemfd watch"` (settings from .systemfdrc) and with the flags in
// the script: it answers on its port, and Ctrl-C through npm (SIGINT to npm's process
// group, as a terminal sends it) stops everything: no process left, the unix socket file gone.
// `systemfd` is resolved the way npm resolves an installed bin: node_modules/.bin on PATH.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { execFileSync } from 'node:child_process';
import { get } from '../helpers/http.js';
import { cliPath, fixture } from '../helpers/paths.js';
import { eventually, isAlive, start } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function hasNpm(): boolean {
  try {
    execFileSync('npm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function makeProject(t: TestContext, devScript: string, rc: unknown | null): string {
  const dir = makeTempDir(t, 'sfd-npm-'); // short: the unix socket path must fit in 107 bytes
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'npm-script-test', private: true, type: 'module', scripts: { dev: devScript } }, null, 2));
  copyFileSync(fixture('config-server.mjs'), join(dir, 'server.js'));
  if (rc !== null) writeFileSync(join(dir, '.systemfdrc'), JSON.stringify(rc, null, 2));
  // What `npm install systemfd` leaves: an executable in node_modules/.bin.
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  const bin = join(dir, 'node_modules/.bin/systemfd');
  writeFileSync(bin, `#!/bin/sh\nexec '${process.execPath}' '${cliPath}' "$@"\n`);
  chmodSync(bin, 0o755);
  return dir;
}

/** Processes still in process group `pgid` (Linux /proc; elsewhere nothing is reported). */
function groupMembers(pgid: number): number[] {
  try {
    return execFileSync('ps', ['-eo', 'pid=,pgid='], { encoding: 'utf8' }).split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([pid, group]) => group === pgid && pid !== undefined && isAlive(pid))
      .map(([pid]) => pid as number);
  } catch {
    return [];
  }
}

async function runDevAndInterrupt(t: TestContext, dir: string): Promise<void> {
  const npm = start('npm', ['run', 'dev'], { cwd: dir, env: { ...process.env, npm_config_update_notifier: 'false', NO_COLOR: '1' } });
  t.after(() => npm.stop());
  const [, port] = await npm.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  await npm.waitFor(/app\.sock \(unix listener\)/);
  await npm.waitFor(/ready \d+/, { stream: 'stdout' });
  const reply = await get(`http://127.0.0.1:${port}/`);
  assert.ok(reply.ok, reply.error);
  const { pid: server, ppid: systemfd } = JSON.parse(reply.body) as { pid: number; ppid: number };
  t.after(() => { for (const pid of [server, systemfd]) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } });
  assert.ok(existsSync(join(dir, 'app.sock')));

  process.kill(-(npm.child.pid as number), 'SIGINT'); // Ctrl-C in a terminal: the whole foreground group
  const timer = setTimeout(() => npm.kill('SIGKILL'), 20_000);
  const status = await npm.exited;
  clearTimeout(timer);
  assert.notDeepEqual(status, { code: null, signal: 'SIGKILL' }, 'npm stopped on Ctrl-C (not killed by the test)');
  await eventually(() => !isAlive(server) && !isAlive(systemfd), { what: 'the server and systemfd to exit', timeout: 10_000 });
  assert.deepEqual(groupMembers(npm.child.pid as number), [], "nothing left in npm's process group");
  assert.deepEqual(groupMembers(server), [], "nothing left in the server's process group");
  assert.equal(existsSync(join(dir, 'app.sock')), false, 'the unix socket file was removed');
  assert.doesNotMatch(npm.stderr(), /internal error/);
}

test('"dev": "systemfd watch" with a .systemfdrc: npm run dev answers and stops cleanly on Ctrl-C', { skip: !hasNpm() && 'npm not found' }, async (t) => {
  const dir = makeProject(t, 'systemfd watch', { sockets: ['http::0', 'unix::./app.sock'], command: 'node server.js', stdin: false });
  await runDevAndInterrupt(t, dir);
});

test('"dev": "systemfd watch -s ... -- node server.js" (flags, no file): same', { skip: !hasNpm() && 'npm not found' }, async (t) => {
  const dir = makeProject(t, 'systemfd watch --no-stdin -s http::0 -s unix::./app.sock -- node server.js', null);
  await runDevAndInterrupt(t, dir);
});
