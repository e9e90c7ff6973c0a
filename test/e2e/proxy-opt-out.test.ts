// Turning the automatic proxy off: a bun command is proxied without any flag, `--no-proxy` or
// `"proxy": false` in .systemfdrc hands it the socket itself (LISTEN_FDS, `-> fd #3`), and
// `--proxy` on the command line wins over the file's false.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { runCli } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runtime } from './proxy-harness.js';

const bun = runtime('bun');

// Says what it got and exits: one-shot mode then ends with it.
const REPORT_ENV = 'console.log(`LISTEN_FDS=${process.env.LISTEN_FDS ?? "none"} PORT=${process.env.PORT ?? "none"}`)';

async function runBun(t: TestContext, flags: string[], rc?: object): Promise<{ code: number | null; out: string }> {
  const dir = makeTempDir(t);
  if (rc) writeFileSync(join(dir, '.systemfdrc'), JSON.stringify(rc));
  writeFileSync(join(dir, 'report.ts'), REPORT_ENV);
  const { code, stdout, stderr } = await runCli([...flags, '-s', 'http::0', '--', bun.path, 'report.ts'], { cwd: dir });
  return { code, out: stdout + stderr };
}

// The command's line and systemfd's `~>` lines come on different streams: each is matched alone.
function assertProxied(out: string): void {
  assert.match(out, /~> socket http:\/\/127\.0\.0\.1:\d+\/ -> proxied to the command's \$PORT/);
  assert.match(out, /^LISTEN_FDS=none PORT=\d+$/m);
}

function assertInherited(out: string): void {
  assert.match(out, /~> socket http:\/\/127\.0\.0\.1:\d+\/ -> fd #3/);
  assert.match(out, /^LISTEN_FDS=1 PORT=none$/m);
  assert.doesNotMatch(out, /proxying/);
}

test('a bun command is proxied without a flag; --no-proxy hands it the socket', { skip: bun.skip }, async (t) => {
  const detected = await runBun(t, []);
  assert.equal(detected.code, 0, detected.out);
  assertProxied(detected.out);
  assert.match(detected.out, /--no-proxy hands it the socket instead/);

  const optedOut = await runBun(t, ['--no-proxy']);
  assert.equal(optedOut.code, 0, optedOut.out);
  assertInherited(optedOut.out);
});

test('"proxy": false in .systemfdrc turns the detection off; --proxy on the command line wins over it', { skip: bun.skip }, async (t) => {
  const fromFile = await runBun(t, [], { proxy: false });
  assert.equal(fromFile.code, 0, fromFile.out);
  assertInherited(fromFile.out);

  const flagWins = await runBun(t, ['--proxy'], { proxy: false });
  assert.equal(flagWins.code, 0, flagWins.out);
  assertProxied(flagWins.out);
});
