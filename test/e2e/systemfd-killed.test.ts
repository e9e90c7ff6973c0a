// Nothing of the command's tree outlives systemfd, even when systemfd gets no chance to stop
// it (kill -9: a crashed terminal, an IDE's stop button), and a daemonising grandchild does not
// escape the tree kill. Linux: processes are found through /proc.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../helpers/paths.js';
import { eventually, startCli, type Running } from '../helpers/process.js';
import { killAll, processesWithToken } from '../helpers/proc-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const skip = process.platform !== 'linux' ? 'finds the tree through /proc (Linux)' : false;

/** Resolves true when the port can be bound again (nobody holds the listener). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function startTree(t: import('node:test').TestContext, mode: 'one-shot' | 'watch', extra: string[]): Promise<{ run: Running; tree: () => number[]; port: number; dir: string }> {
  const token = `systemfd-tree-${randomUUID()}`;
  const dir = makeTempDir(t);
  const modeArgs = mode === 'watch' ? ['watch', '-v', '-w', dir] : [];
  const run = startCli([...modeArgs, '-s', '127.0.0.1:0', '--', process.execPath, fixture('process-tree.mjs'), '3', token, ...extra], { cwd: dir });
  t.after(async () => {
    await run.stop();
    killAll(processesWithToken(token));
  });
  const [, port] = await run.waitFor(/127\.0\.0\.1:(\d+) \(tcp listener\)/);
  await run.waitForCount(/level \d \d+/, 3, { stream: 'stdout' });
  // systemfd's own command line carries the token too.
  const tree = () => processesWithToken(token).filter((pid) => pid !== run.child.pid);
  return { run, tree, port: Number(port), dir };
}

for (const mode of ['one-shot', 'watch'] as const) {
  test(`kill -9 of systemfd (${mode}): the 3-level tree is gone and the port free within 1 s`, { skip }, async (t) => {
    const { run, tree, port } = await startTree(t, mode, []);
    assert.equal(tree().length, 3);
    assert.equal(await portIsFree(port), false, 'the tree holds the port while it runs');
    const killedAt = Date.now();
    process.kill(run.child.pid as number, 'SIGKILL');
    await run.exited;
    await eventually(() => tree().length === 0, { what: 'the tree to die with systemfd', timeout: 1_000, interval: 10 });
    t.diagnostic(`tree gone ${Date.now() - killedAt} ms after kill -9`);
    assert.equal(await portIsFree(port), true);
  });
}

test('kill -9 of systemfd also takes a daemon that left the tree (setsid, orphaned)', { skip }, async (t) => {
  const { run, tree, port } = await startTree(t, 'one-shot', ['--daemon']);
  await run.waitFor(/daemon \d+/, { stream: 'stdout' });
  await eventually(() => tree().length === 4, { what: 'the intermediate to exit' });
  process.kill(run.child.pid as number, 'SIGKILL');
  await run.exited;
  await eventually(() => tree().length === 0, { what: 'the tree and the daemon to die', timeout: 1_000, interval: 10 });
  assert.equal(await portIsFree(port), true);
});

test('watch mode: a daemonising grandchild is stopped with its generation, restart after restart', { skip }, async (t) => {
  const { run, tree, port, dir } = await startTree(t, 'watch', ['--daemon']);
  await run.waitForCount(/daemon \d+/, 1, { stream: 'stdout' });
  // Changes before the initial scan finished are part of the scan, not events.
  await run.waitFor(/~> watching /);
  const restarts = () => (run.stderr().match(/~> restart \(/g) ?? []).length;
  for (let generation = 2; generation <= 4; generation++) {
    // One write per restart: writing again before the tree is up would restart it again.
    writeFileSync(join(dir, `touch-${generation}.js`), `// ${generation}\n`);
    await run.waitForCount(/~> restart \(/, generation - 1);
    await run.waitForCount(/daemon \d+/, generation, { stream: 'stdout' });
    // Only the current generation's 3 levels and its daemon are alive: no orphan per restart.
    await eventually(() => tree().length === 4, { what: `the previous generation (and its daemon) to be gone after restart ${generation - 1}` });
  }
  assert.equal(restarts(), 3);
  run.child.kill('SIGTERM');
  await run.exited;
  assert.deepEqual(tree(), []);
  assert.equal(await portIsFree(port), true);
});
