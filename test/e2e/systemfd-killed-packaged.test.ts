// kill -9 of systemfd as users install it: the watchdog must come with the package. It once was a
// module of its own that the package did not ship, so the installed CLI had none and the tree
// outlived it. Linux: the tree is found through /proc.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { hasNpm, installTarball, npmEnv, packedTarball } from '../helpers/packed.js';
import { fixture } from '../helpers/paths.js';
import { eventually, start } from '../helpers/process.js';
import { killAll, processesWithToken } from '../helpers/proc-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const skip = process.platform !== 'linux' ? 'finds the tree through /proc (Linux)' : !(await hasNpm()) && 'npm not found';

test('kill -9 of the installed systemfd: the tree is gone within 1 s', { skip, timeout: 600_000 }, async (t) => {
  const dir = makeTempDir(t, 'sfd-pkg-killed-');
  await run('npm', ['init', '-y'], { cwd: dir, env: npmEnv });
  await installTarball(dir, await packedTarball());
  const token = `systemfd-tree-${randomUUID()}`;
  const cli = join(dir, 'node_modules/systemfd/dist/src/cli.js');
  const systemfd = start(process.execPath, [cli, '-s', '127.0.0.1:0', '--', process.execPath, fixture('process-tree.mjs'), '2', token, '--daemon'], { cwd: dir });
  t.after(async () => {
    killAll(processesWithToken(token));
    await systemfd.stop();
  });
  await systemfd.waitFor(/daemon \d+/, { stream: 'stdout' });
  const tree = () => processesWithToken(token).filter((pid) => pid !== systemfd.child.pid);
  // Two levels and the daemon, once the daemon's intermediate has exited.
  await eventually(() => tree().length === 3, { what: 'the tree to be up' });
  // 'exit', not the end of its output: a surviving tree would hold the pipes open.
  const killed = once(systemfd.child, 'exit');
  process.kill(systemfd.child.pid as number, 'SIGKILL');
  await killed;
  await eventually(() => tree().length === 0, { what: 'the tree to die with systemfd', timeout: 1_000, interval: 10 });
});
