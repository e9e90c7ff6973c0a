/** A `systemfd watch` around test/fixtures/gen-server.mjs in a temp project, for the generation tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort } from '../helpers/free-port.js';
import { fixture } from '../helpers/paths.js';
import { startCli, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export interface GenerationsRun extends Running {
  dir: string;
  port: number;
  url: string;
  /** Rewrite app.js (the server's version). */
  write: (content: string) => void;
  /** The pid of the n-th `boot` line (1-based) the servers printed. */
  boot: (n: number) => Promise<{ pid: number; notify: string }>;
}

/** A port the kernel just handed out (then released), for servers that name their port. */
export const kernelPort = freePort;

export async function startGenerations(t: TestContext, { args = [] as string[], serverArgs = [] as string[], command = null as string[] | null, version = 'v0' } = {}): Promise<GenerationsRun> {
  const dir = makeTempDir(t);
  const write = (content: string) => writeFileSync(join(dir, 'app.js'), `${content}\n`);
  write(version);
  const port = await kernelPort();
  const cmd = command ?? [process.execPath, fixture('gen-server.mjs'), ...serverArgs];
  const run = startCli(['watch', '-v', '-s', `http::${port}`, '-E', `PORT=${port}`, ...args, '--', ...cmd], { cwd: dir });
  t.after(() => run.stop());
  await run.waitFor(/~> watching /);
  return {
    ...run,
    dir,
    port,
    url: `http://127.0.0.1:${port}/`,
    write,
    boot: async (n) => {
      const matches = await run.waitForCount(/boot (\d+) notify=(\S*)/, n, { stream: 'stdout' });
      const m = matches[n - 1] as RegExpMatchArray;
      return { pid: Number(m[1]), notify: m[2] ?? '' };
    },
  };
}
