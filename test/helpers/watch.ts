/** Helpers for watch-mode tests: a temp project, a running `systemfd watch`, restart tracking. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fixture } from './paths.js';
import { startCli, type Running } from './process.js';
import { makeTempDir } from './temp-dir.js';

export interface WatchRun extends Running {
  dir: string;
  port: number;
  /** Wait for the n-th `gen <pid>` line (1-based) and return that generation's facts. */
  generation: (n: number, timeout?: number) => Promise<{ pid: number; nonblock: boolean; inode: number }>;
  /** Count of `~> restart` lines so far. */
  restarts: () => number;
  write: (name: string, content?: string) => void;
}

export interface WatchSetup {
  args?: string[];
  serverArgs?: string[];
  command?: string[];
  stdin?: 'ignore' | 'pipe';
  files?: Record<string, string>;
  /** Runs in the project directory before systemfd starts (mkdir, git init...). */
  setup?: (dir: string) => void;
}

export async function startWatch(t: TestContext, { args = [], serverArgs = [], command, stdin = 'ignore', files = {}, setup }: WatchSetup = {}): Promise<WatchRun> {
  const dir = makeTempDir(t);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, 'app.js'), '// v0\n');
  setup?.(dir);
  const cmd = command ?? [process.execPath, fixture('watch-server.mjs'), ...serverArgs];
  const run = startCli(['watch', '-v', '-s', 'http::0', ...args, '--', ...cmd], { cwd: dir, stdio: [stdin, 'pipe', 'pipe'] });
  t.after(() => run.stop());
  const [, port] = await run.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\//);
  // Changes made before the initial scan finished would be part of the scan, not events.
  await run.waitFor(/~> watching /);
  let version = 0;
  return {
    ...run,
    dir,
    port: Number(port),
    generation: async (n, timeout) => {
      const matches = await run.waitForCount(/gen (\d+) nonblock=(\w+) inode=(\d+)/, n, { stream: 'stdout', ...(timeout ? { timeout } : {}) });
      const m = matches[n - 1] as RegExpMatchArray;
      return { pid: Number(m[1]), nonblock: m[2] === 'true', inode: Number(m[3]) };
    },
    restarts: () => (run.stderr().match(/~> restart \(/g) ?? []).length,
    write: (name = 'app.js', content) => writeFileSync(join(dir, name), content ?? `// v${++version}\n`),
  };
}
